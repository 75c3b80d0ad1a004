package dev.ormtask.run;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.task.RegisteredTask;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;

/** Knows which persistence units count changes exactly, which a dry run needs. */
@Singleton
class DryRunSupport {

    private final DataSourceCatalog catalog;
    private final Map<String, Boolean> counting = new ConcurrentHashMap<>();

    DryRunSupport(DataSourceCatalog catalog) {
        this.catalog = catalog;
    }

    void check(RegisteredTask task) {
        boolean counts = counting.computeIfAbsent(task.datasource(), ds -> catalog.session(ds)
                .map(Session::getSessionFactory)
                .map(sf -> sf.getStatistics() instanceof DryRunStatistics)
                .orElse(false));
        if (!counts) {
            throw new DryRunUnavailableException(task.name(), task.datasource());
        }
    }
}
