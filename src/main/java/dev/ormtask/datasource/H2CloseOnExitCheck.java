package dev.ormtask.datasource;

import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Warns at start about an embedded H2 datasource that H2 closes as soon as the JVM begins to stop: without
 * {@code DB_CLOSE_ON_EXIT=FALSE} the runs still executing at SIGTERM fail with "Database is already closed" instead of
 * finishing within the grace (found by an outside check, with the URL the README then showed).
 */
@Singleton
class H2CloseOnExitCheck {

    private static final Logger LOG = Logger.getLogger(H2CloseOnExitCheck.class);

    void check(@Observes StartupEvent event, DataSourceCatalog catalog) {
        catalog.dbKinds().forEach((name, kind) -> {
            if (!"h2".equals(kind)) {
                return;
            }
            ConfigProvider.getConfig()
                    .getOptionalValue(DataSourceUtil.dataSourcePropertyKey(name, "jdbc.url"), String.class)
                    .filter(H2CloseOnExitCheck::closesOnExit)
                    .ifPresent(url -> LOG.warn("Datasource '" + name + "' is an embedded H2 database without"
                            + " DB_CLOSE_ON_EXIT=FALSE in its URL: H2 closes it as soon as the JVM begins to stop, so"
                            + " runs still executing at a stop fail instead of finishing within the grace. Add"
                            + " ;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0 to the URL (README, \"Gotchas\")."));
        });
    }

    /** Whether H2 would close this database at JVM exit: an embedded one (a file, not a server or memory) without the setting. */
    static boolean closesOnExit(String url) {
        String upper = url.strip().toUpperCase(Locale.ROOT);
        if (!upper.startsWith("JDBC:H2:")) {
            return false;
        }
        String database = upper.substring("JDBC:H2:".length());
        if (database.startsWith("TCP:") || database.startsWith("SSL:") || database.startsWith("MEM:")) {
            return false;
        }
        String[] parts = database.split(";");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].replace(" ", "").equals("DB_CLOSE_ON_EXIT=FALSE")) {
                return false;
            }
        }
        return true;
    }
}
