package dev.ormtask.api;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.datasource.DataSourceStatus;
import dev.ormtask.run.RunReads;
import dev.ormtask.history.RunStatus;
import dev.ormtask.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Health at a glance: the dashboard's header. */
@Path("/api/overview")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "overview", description = "Counts for the dashboard's header")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class OverviewResource {

    private final RunReads reads;
    private final DataSourceStatus dataSources;
    private final DataSourceCatalog catalog;
    private final Clock clock;

    OverviewResource(RunReads reads, DataSourceStatus dataSources, DataSourceCatalog catalog, Clock clock) {
        this.reads = reads;
        this.catalog = catalog;
        this.dataSources = dataSources;
        this.clock = clock;
    }

    /**
     * Finished runs of the last 24 hours by status, runs running and queued now, and datasources down.
     *
     * @param since the first hour counted: 24 h are this hour and the 23 before, so the counts cover 23 to 24 hours
     */
    public record Overview(Instant since, Map<RunStatus, Long> last24h, long running, long queued,
            List<DataSourceDown> datasourcesDown, Instant generatedAt) {}

    /** A datasource that did not answer its last probe, and why. */
    public record DataSourceDown(String name, String problem) {}

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "getOverview", summary = "Counts at a glance", description = "Finished runs of the last 24 hours by status (kept as "
            + "hourly counts, written by each node every ormtask.history.counts-flush-interval), runs running and "
            + "queued on every node now, active datasources that did not answer their last probe. Role: viewer.")
    @APIResponse(responseCode = "200", description = "The counts", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "overview", value = ApiExamples.OVERVIEW)))
    public Overview get(@Context HttpServerRequest http) {
        StrictQuery.none(http.query(), "GET /api/overview");
        Instant now = clock.instant();
        Instant since = reads.dayStart(now);
        Map<RunStatus, Long> last24h = TaskView.Last24h.zeros();
        last24h.putAll(reads.finishedSince(since));
        Map<RunStatus, Long> unfinished = reads.unfinished();
        // A datasource configured without a URL is off on purpose, not down.
        List<DataSourceDown> down = dataSources.problems().entrySet().stream()
                .filter(e -> catalog.active(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new DataSourceDown(e.getKey(), e.getValue()))
                .toList();
        return new Overview(since, last24h, unfinished.get(RunStatus.RUNNING), unfinished.get(RunStatus.QUEUED), down,
                now);
    }
}
