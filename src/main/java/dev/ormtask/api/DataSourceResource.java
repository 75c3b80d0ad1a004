package dev.ormtask.api;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.datasource.DataSourceProbe;
import dev.ormtask.datasource.DataSourceStatus;
import dev.ormtask.history.HistoryStore;
import dev.ormtask.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The named datasources and whether each answers now; {@code ?prefix=} narrows the list by name. */
@Path("/api/datasources")
@Produces(MediaType.APPLICATION_JSON)
public class DataSourceResource {

    private final DataSourceCatalog catalog;
    private final DataSourceProbe probe;
    private final HistoryStore historyStore;
    private final DataSourceStatus status;

    DataSourceResource(DataSourceCatalog catalog, DataSourceProbe probe, HistoryStore historyStore,
            DataSourceStatus status) {
        this.status = status;
        this.catalog = catalog;
        this.probe = probe;
        this.historyStore = historyStore;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<DataSourceView> list(@QueryParam("prefix") String prefix) {
        List<String> names = catalog.dbKinds().keySet().stream()
                .filter(name -> prefix == null || name.startsWith(prefix))
                .toList();
        Map<String, String> problems = probe.probe(names);
        status.record(problems);
        return names.stream()
                .map(name -> new DataSourceView(name, catalog.dbKinds().get(name), catalog.dataSource(name).isPresent(),
                        problems.get(name) == null, name.equals(historyStore.name()), problems.get(name)))
                .toList();
    }
}
