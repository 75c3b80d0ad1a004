package dev.ormtask.history;

import dev.ormtask.datasource.DataSourceCatalog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * The datasource that holds run history, chosen once at startup. The embedded H2 history is migrated here, and only
 * when it is chosen: with history elsewhere, opening and migrating it cost every start about 0.4 s.
 */
@Startup
@Singleton
public class HistoryStore {

    /** The datasource that takes over history when its URL is configured (see README, "PostgreSQL"). */
    static final String POSTGRES = "postgres";

    private static final Logger LOG = Logger.getLogger(HistoryStore.class);

    private final String name;
    private final AgroalDataSource dataSource;

    HistoryStore(HistoryConfig config, DataSourceCatalog catalog, Instance<Flyway> defaultFlyway) {
        this.name = config.datasource()
                .orElseGet(() -> catalog.active(POSTGRES) ? POSTGRES : DataSourceCatalog.DEFAULT);
        this.dataSource = catalog.dataSource(name).orElseThrow(() -> new IllegalStateException(
                "run history datasource '" + name + "' is not configured or not active; configured: "
                        + catalog.dbKinds().keySet() + (DataSourceCatalog.DEFAULT.equals(name)
                                ? "; the embedded default is active unless quarkus.datasource.active=false" : "")));
        if (DataSourceCatalog.DEFAULT.equals(name)) {
            // Quarkus migrates the other datasources at start; this one (quarkus.flyway.migrate-at-start=false) only
            // when it holds history. Every reader and writer of history gets its datasource from here, after this.
            defaultFlyway.get().migrate();
        }
        LOG.infof("Run history is kept on datasource '%s' (%s)", name, catalog.dbKinds().get(name));
    }

    public String name() {
        return name;
    }

    public AgroalDataSource dataSource() {
        return dataSource;
    }
}
