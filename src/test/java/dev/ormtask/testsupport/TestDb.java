package dev.ormtask.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;

/** Plain JDBC connections to the test databases, separate from the service's pools: what a user would check with. */
public final class TestDb {

    static final String PG_SERVER_URL = "ormtask.test.pg-server-url";
    static final String PG_USER = "ormtask.test.pg-user";
    static final String PG_PASSWORD = "ormtask.test.pg-password";
    static final String MARIADB_AVAILABLE = "ormtask.test.mariadb-available";
    static final String MARIADB_SKIP_REASON = "ormtask.test.mariadb-skip-reason";

    private TestDb() {}

    /** A new connection to the database of a service datasource ({@code app}, {@code postgres}, {@code maria}). */
    public static Connection connect(String datasource) throws SQLException {
        String prefix = "quarkus.datasource.\"" + datasource + "\".";
        return DriverManager.getConnection(config(prefix + "jdbc.url"), config(prefix + "username"),
                ConfigProvider.getConfig().getOptionalValue(prefix + "password", String.class).orElse(""));
    }

    /** The single number a query returns. */
    public static long scalar(String datasource, String sql, Object... args) throws SQLException {
        try (Connection c = connect(datasource); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Rows changed by one statement with its arguments. */
    public static int update(String datasource, String sql, Object... args) throws SQLException {
        try (Connection c = connect(datasource); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Records a run QUEUED in history as another node would, for this node's claims to find. */
    public static void queueRun(String id, String task, String paramsJson) throws SQLException {
        update("postgres", "INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, queued_at,"
                + " requested_by, attempt) VALUES (?, ?, 'QUEUED', 'API', ?, false, ?, 'test', 1)", id, task, paramsJson,
                java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
    }

    /** A run's status as history holds it; null when there is no such run. */
    public static String runStatus(String id) throws SQLException {
        try (Connection c = connect("postgres");
                PreparedStatement ps = c.prepareStatement("SELECT status FROM task_run WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public static void execute(String datasource, String sql) throws SQLException {
        try (Connection c = connect(datasource); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static boolean mariaDbAvailable() {
        return ConfigProvider.getConfig().getValue(MARIADB_AVAILABLE, Boolean.class);
    }

    /** Skips the calling test, printing why, when MariaDB does not answer here. */
    public static void assumeMariaDb(String test) {
        if (!mariaDbAvailable()) {
            System.out.println("SKIPPED " + test + " on MariaDB: " + mariaDbSkipReason());
        }
        Assumptions.assumeTrue(mariaDbAvailable(), mariaDbSkipReason());
    }

    public static String mariaDbSkipReason() {
        return ConfigProvider.getConfig().getOptionalValue(MARIADB_SKIP_REASON, String.class).orElse("");
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }
}
