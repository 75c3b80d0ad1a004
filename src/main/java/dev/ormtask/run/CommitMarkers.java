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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Exactly-once settlement of runs whose node died ({@code ormtask.run.commit-markers=true}): each run writes a marker
 * row into its task's own database inside its own transaction, so the marker exists if and only if the run
 * committed. Recovery reads it to record a dead node's run as SUCCEEDED or FAILED for certain, and to retry only runs
 * that did not commit.
 */
@Singleton
class CommitMarkers {

    static final String TABLE = "ormtask_commit_marker";
    // Long enough for any outage of the history store or of recovery; markers matter only until a run is settled.
    private static final Duration KEEP = Duration.ofDays(1);
    private static final int CLEANUP_BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(CommitMarkers.class);

    private final boolean enabled;
    private final Set<String> readyIn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TaskRegistry registry;
    private final DataSourceCatalog catalog;
    private final Clock clock;

    CommitMarkers(RunConfig config, TaskRegistry registry, DataSourceCatalog catalog, Clock clock) {
        this.enabled = config.commitMarkers();
        this.registry = registry;
        this.catalog = catalog;
        this.clock = clock;
    }

    boolean enabled() {
        return enabled;
    }

    /** Creates the marker table in every task datasource that lacks it (a datasource that is down is retried later). */
    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            taskDataSources().forEach(this::ready);
        }
    }

    /** Whether the datasource has the marker table, creating it the first time it is asked for. */
    boolean ready(String datasource) {
        if (readyIn.contains(datasource)) {
            return true;
        }
        if (ensureTable(datasource)) {
            readyIn.add(datasource);
            return true;
        }
        return false;
    }

    private boolean ensureTable(String datasource) {
        try (Connection c = dataSource(datasource).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (run_id VARCHAR(36) NOT NULL PRIMARY KEY, committed_ms BIGINT NOT NULL)");
            return true;
        } catch (SQLException e) {
            LOG.warnf("Could not create %s in datasource '%s' (runs there fail until it exists): %s", TABLE,
                    datasource, e.getMessage());
            return false;
        }
    }

    /** Marks the run as committed, in the run's own transaction on {@code connection}. */
    void mark(Connection connection, String runId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (run_id, committed_ms) VALUES (?, ?)")) {
            ps.setString(1, runId);
            ps.setLong(2, clock.millis());
            ps.executeUpdate();
        }
    }

    /**
     * Whether the run committed: its marker exists. Empty when the task's database cannot tell now (down, or no
     * table yet), in which case the caller must not settle the run.
     */
    Optional<Boolean> committed(String datasource, String runId) {
        try (Connection c = dataSource(datasource).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return Optional.of(rs.next());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Cannot read the commit marker of run %s in datasource '%s' now: %s", runId, datasource,
                    e.getMessage());
            return Optional.empty();
        }
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

    private Set<String> taskDataSources() {
        Set<String> names = new TreeSet<>();
        registry.all().stream().map(RegisteredTask::datasource).forEach(names::add);
        return names;
    }

    private AgroalDataSource dataSource(String name) {
        return catalog.dataSource(name).orElseThrow(() -> new IllegalStateException("no datasource " + name));
    }
}
