package dev.ormtask.run;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Exactly-once settlement and fencing, in each task's own database ({@code ormtask.run.commit-markers}): each run
 * inserts a marker row ({@code kind} C) inside its own transaction, so the marker exists if and only if the run
 * committed. A node that settles another node's run first inserts a tombstone for it ({@code kind} T): then either
 * the run had committed (the tombstone collides with its marker: SUCCEEDED), or it never can (its marker would
 * collide with the tombstone and its transaction rolls back: FAILED, and retried safely). The fence lives where the
 * commit happens, so a node frozen or cut off at any instruction cannot commit a run settled elsewhere.
 */
@Singleton
class CommitMarkers {

    static final String TABLE = "ormtask_commit_marker";
    private static final String COMMITTED = "C";
    private static final String TOMBSTONE = "T";
    // A tombstone waits this long for a marker another transaction holds uncommitted (its node may be frozen with it);
    // after that the run is left for a later sweep.
    private static final int FENCE_TIMEOUT_SECONDS = 2;

    /** What a settling node knows once it has fenced a run. */
    enum Fence {
        /** The run's transaction had committed: its marker is there. */
        COMMITTED,
        /** The run did not commit and now never will: a tombstone is in its way. */
        NEVER_COMMITS,
        /** The task's database cannot tell now (down, slow, locked): settle later, never by guessing. */
        UNKNOWN
    }
    // Long enough for any outage of the history store or of recovery; markers matter only until a run is settled.
    private static final Duration KEEP = Duration.ofDays(1);
    private static final int CLEANUP_BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(CommitMarkers.class);

    private final boolean enabled;
    private final Set<String> readyIn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TaskRegistry registry;
    private final DataSourceCatalog catalog;
    private final Clock clock;

    CommitMarkers(RunConfig config, TaskRegistry registry, DataSourceCatalog catalog, NodeIdentity node) {
        this.enabled = config.commitMarkers();
        this.registry = registry;
        this.catalog = catalog;
        this.clock = node.clock();
    }

    boolean enabled() {
        return enabled;
    }

    /** Creates the marker table in every task datasource that lacks it (a datasource that is down is retried later). */
    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            for (String datasource : taskDataSources()) {
                try {
                    ensureReady(datasource);
                } catch (SQLException e) {
                    LOG.warnf("Datasource '%s' has no %s yet (its runs fail until it does): %s", datasource, TABLE,
                            e.getMessage());
                }
            }
        }
    }

    /**
     * Makes sure the datasource has the marker table, creating it the first time it is asked for. Throws what the
     * database said when it cannot: a connection that fails as itself (a run then fails as one that could not connect,
     * and is retried like one), a table that cannot be created with that said.
     */
    void ensureReady(String datasource) throws SQLException {
        if (readyIn.contains(datasource)) {
            return;
        }
        try (Connection c = dataSource(datasource).getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (run_id VARCHAR(36) NOT NULL PRIMARY KEY,"
                        + " committed_ms BIGINT NOT NULL, kind CHAR(1) DEFAULT 'C' NOT NULL)");
                // Tables made before tombstones existed hold commit markers only.
                s.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS kind CHAR(1) DEFAULT 'C' NOT NULL");
            } catch (SQLException e) {
                throw new SQLException("table " + TABLE + " is missing in datasource '" + datasource + "' and could"
                        + " not be created (ormtask.run.commit-markers=true): " + e.getMessage(), e.getSQLState(),
                        e.getErrorCode(), e);
            }
        }
        readyIn.add(datasource);
    }

    /**
     * Marks the run as committed, in the run's own transaction on {@code connection}. Throws {@link FencedException}
     * when another node has settled the run meanwhile (its tombstone is there): the transaction must roll back.
     */
    void mark(Connection connection, String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (run_id, committed_ms, kind) VALUES (?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setLong(2, clock.millis());
            ps.setString(3, COMMITTED);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new FencedException(runId);
            }
            throw e;
        }
    }

    /** Fences a run of another node before it is settled: see the class comment. */
    Fence fence(String datasource, String runId) {
        try (Connection c = dataSource(datasource).getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (run_id, committed_ms, kind) VALUES (?, ?, ?)")) {
                ps.setQueryTimeout(FENCE_TIMEOUT_SECONDS);
                ps.setString(1, runId);
                ps.setLong(2, clock.millis());
                ps.setString(3, TOMBSTONE);
                ps.executeUpdate();
                return Fence.NEVER_COMMITS;
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM " + TABLE + " WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    // A marker deleted between the two statements is older than a day: its run committed long ago.
                    return !rs.next() || COMMITTED.equals(rs.getString(1).trim()) ? Fence.COMMITTED : Fence.NEVER_COMMITS;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Cannot fence run %s in datasource '%s' now (settled at a later sweep): %s", runId, datasource,
                    e.getMessage());
            return Fence.UNKNOWN;
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
    }

    @Scheduled(every = "10m", delayed = "1m", identity = "ormtask-commit-marker-cleanup",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteOldMarkers() {
        if (!enabled) {
            return;
        }
        long before = clock.millis() - KEEP.toMillis();
        for (String datasource : taskDataSources()) {
            boolean mariaDb = "mariadb".equals(catalog.dbKinds().get(datasource));
            // MariaDB takes LIMIT on DELETE but not in an IN subquery; PostgreSQL and H2 the other way round.
            String sql = mariaDb
                    ? "DELETE FROM " + TABLE + " WHERE committed_ms < ? LIMIT " + CLEANUP_BATCH
                    : "DELETE FROM " + TABLE + " WHERE run_id IN (SELECT run_id FROM " + TABLE
                            + " WHERE committed_ms < ? LIMIT " + CLEANUP_BATCH + ")";
            try (Connection c = dataSource(datasource).getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, before);
                int deleted;
                do {
                    deleted = ps.executeUpdate();
                } while (deleted == CLEANUP_BATCH);
            } catch (SQLException e) {
                LOG.warnf("Could not delete old commit markers in datasource '%s': %s", datasource, e.getMessage());
            }
        }
    }

    /**
     * The active datasources tasks are bound to. An inactive one has no pool to ask (its tasks' starts are refused):
     * asking it stopped the whole start, e.g. a task on the embedded default while history is on PostgreSQL.
     */
    private Set<String> taskDataSources() {
        Set<String> names = new TreeSet<>();
        registry.all().stream().map(RegisteredTask::datasource)
                .filter(catalog::active)
                .forEach(names::add);
        return names;
    }

    private AgroalDataSource dataSource(String name) {
        return catalog.dataSource(name).orElseThrow(() -> new IllegalStateException("no datasource " + name));
    }
}
