package dev.ormtask.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Real databases for the whole test suite. PostgreSQL: the server named by {@code ORMTASK_TEST_PG_URL} (a JDBC URL
 * of a database whose user may create databases), else an embedded PostgreSQL started from Maven binaries. Run
 * history and the "app" datasource get one fresh database each, as in production. MariaDB: the server at
 * {@code ORMTASK_TEST_MARIADB_URL} (default 127.0.0.1:3306, root; database {@code ORMTASK_TEST_MARIADB_DB}, default
 * ormtask_test) when it answers; otherwise its datasource is
 * deactivated and MariaDB tests are skipped with a printed reason.
 */
public class TestDatabases implements QuarkusTestResourceLifecycleManager {

    private static final String HISTORY_DB = "ormtask_history_test";
    private static final String APP_DB = "ormtask_app_test";
    // Settable so that test runs from several checkouts on one machine do not drop each other's database.
    private static final String MARIADB_DB = env("ORMTASK_TEST_MARIADB_DB", "ormtask_test");

    private EmbeddedPostgres embedded;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        PgServer pg = postgres();
        recreate(pg, HISTORY_DB);
        recreate(pg, APP_DB);
        config.put("quarkus.datasource.\"postgres\".jdbc.url", pg.urlOf(HISTORY_DB));
        config.put("quarkus.datasource.\"postgres\".username", pg.user());
        config.put("quarkus.datasource.\"postgres\".password", pg.password());
        config.put("quarkus.datasource.\"app\".jdbc.url", pg.urlOf(APP_DB));
        config.put("quarkus.datasource.\"app\".username", pg.user());
        config.put("quarkus.datasource.\"app\".password", pg.password());
        config.put(TestDb.PG_SERVER_URL, pg.baseUrl());
        config.put(TestDb.PG_USER, pg.user());
        config.put(TestDb.PG_PASSWORD, pg.password());
        config.putAll(mariadb());
        return config;
    }

    @Override
    public void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private PgServer postgres() {
        String external = System.getenv("ORMTASK_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return new PgServer(external, env("ORMTASK_TEST_PG_USER", "postgres"), env("ORMTASK_TEST_PG_PASSWORD", ""));
        }
        try {
            embedded = EmbeddedPostgres.builder()
                    // A server time zone unlike the JVM's (see surefire argLine) catches time zone mistakes.
                    .setServerConfig("timezone", "America/Los_Angeles")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
        return new PgServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }

    private static void recreate(PgServer pg, String database) {
        try (Connection c = DriverManager.getConnection(pg.baseUrl(), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> mariadb() {
        String url = env("ORMTASK_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
        String user = env("ORMTASK_TEST_MARIADB_USER", "root");
        String password = env("ORMTASK_TEST_MARIADB_PASSWORD", "");
        Map<String, String> config = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url + "?connectTimeout=2000", user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MARIADB_DB);
            s.execute("CREATE DATABASE " + MARIADB_DB);
            config.put("quarkus.datasource.\"maria\".jdbc.url", url + MARIADB_DB);
            config.put("quarkus.datasource.\"maria\".username", user);
            config.put("quarkus.datasource.\"maria\".password", password);
            config.put(TestDb.MARIADB_AVAILABLE, "true");
        } catch (SQLException e) {
            String reason = "MariaDB at " + url + " does not answer (" + e.getMessage() + ")";
            System.out.println("[TestDatabases] " + reason + ": MariaDB tests will be skipped");
            config.put("quarkus.datasource.\"maria\".active", "false");
            config.put("quarkus.hibernate-orm.\"maria\".active", "false");
            config.put("quarkus.flyway.\"maria\".active", "false");
            config.put(TestDb.MARIADB_AVAILABLE, "false");
            config.put(TestDb.MARIADB_SKIP_REASON, reason);
        }
        return config;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private record PgServer(String baseUrl, String user, String password) {

        String urlOf(String database) {
            int slash = baseUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = baseUrl.indexOf('?');
            return baseUrl.substring(0, slash + 1) + database + (query >= 0 ? baseUrl.substring(query) : "");
        }
    }
}
