package dev.ormtask.api;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.datasource.DataSourceProbe;
import dev.ormtask.history.HistoryStore;
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

    DataSourceResource(DataSourceCatalog catalog, DataSourceProbe probe, HistoryStore historyStore) {
        this.catalog = catalog;
        this.probe = probe;
        this.historyStore = historyStore;
    }

    @GET
    public List<DataSourceView> list(@QueryParam("prefix") String prefix) {
        List<String> names = catalog.dbKinds().keySet().stream()
                .filter(name -> prefix == null || name.startsWith(prefix))
                .toList();
        Map<String, String> problems = probe.probe(names);
        return names.stream()
                .map(name -> new DataSourceView(name, catalog.dbKinds().get(name), catalog.dataSource(name).isPresent(),
                        problems.get(name) == null, name.equals(historyStore.name()), problems.get(name)))
                .toList();
    }
}
