package dev.ormtask.api;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.datasource.DataSourceStatus;
import dev.ormtask.run.RunReads;
import dev.ormtask.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

/** The named datasources and whether each answers now; {@code ?prefix=} narrows the list by name. */
@Path("/api/datasources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasources", description = "The named datasources and whether each answers")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class DataSourceResource {

    private final DataSourceCatalog catalog;
    private final RunReads reads;
    private final DataSourceStatus status;

    DataSourceResource(DataSourceCatalog catalog, RunReads reads, DataSourceStatus status) {
        this.status = status;
        this.catalog = catalog;
        this.reads = reads;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "listDatasources", summary = "Every datasource", description = "Name, db kind, whether it is active and answers now, and "
            + "whether it holds run history. Each is probed now with a 3 s bound; for one that gave no answer in "
            + "time, the cause found since (a refused connection shows only once its pool stops waiting for one). "
            + "Role: viewer.")
    @APIResponse(responseCode = "200", description = "The datasources, sorted by name", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "datasources", value = ApiExamples.DATASOURCES)))
    public List<DataSourceView> list(@Parameter(description = "Only names starting with this, such as app")
            @QueryParam("prefix") String prefix, @Context HttpServerRequest http) {
        // An empty prefix is the one every name starts with.
        StrictQuery.read(http.query(), List.of("prefix"), List.of("prefix"), "GET /api/datasources");
        List<String> names = catalog.dbKinds().keySet().stream()
                .filter(name -> prefix == null || name.startsWith(prefix))
                .toList();
        Map<String, String> problems = status.probeNow(names);
        return names.stream()
                .map(name -> new DataSourceView(name, catalog.dbKinds().get(name), catalog.active(name),
                        problems.get(name) == null, name.equals(reads.historyDataSource()), problems.get(name)))
                .toList();
    }
}
