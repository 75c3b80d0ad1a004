package dev.ormtask.history;

import dev.ormtask.task.Trigger;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and writes the {@code task_run} table with plain JDBC: each write is one short auto-committed statement,
 * outside any task transaction, so history survives a task's rollback and costs one commit per step.
 */
@Singleton
public class RunHistory {

    private static final String COLUMNS = "id, task_name, status, trigger_type, params, dry_run, result, changes,"
            + " error_message, error_class, error_stack, queued_at, started_at, finished_at, node, requested_by";

    private final DataSource dataSource;

    RunHistory(HistoryStore store) {
        this.dataSource = store.dataSource();
    }

    public void insert(RunRecord run) {
        update("INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, queued_at, started_at,"
                        + " node, requested_by, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                ps -> {
                    ps.setString(1, run.id());
                    ps.setString(2, run.taskName());
                    ps.setString(3, run.status().name());
                    ps.setString(4, run.trigger().name());
                    ps.setString(5, run.paramsJson());
                    ps.setBoolean(6, run.dryRun());
                    setTime(ps, 7, run.queuedAt());
                    setTime(ps, 8, run.startedAt());
                    ps.setString(9, run.node());
                    ps.setString(10, run.requestedBy());
                });
    }

    /** Moves a queued run to RUNNING; false when it is no longer queued (another node or a cancel got it). */
    public boolean markRunning(RunRecord running) {
        return update("UPDATE task_run SET status = ?, started_at = ?, node = ? WHERE id = ? AND status = ?",
                ps -> {
                    ps.setString(1, RunStatus.RUNNING.name());
                    setTime(ps, 2, running.startedAt());
                    ps.setString(3, running.node());
                    ps.setString(4, running.id());
                    ps.setString(5, RunStatus.QUEUED.name());
                }) == 1;
    }

    /** Records a running run's terminal state; false when the row was not RUNNING any more. */
    public boolean finish(RunRecord done) {
        RunError error = done.error();
        return update("UPDATE task_run SET status = ?, result = ?, changes = ?, error_message = ?, error_class = ?,"
                        + " error_stack = ?, finished_at = ?, duration_ms = ? WHERE id = ? AND status = ?",
                ps -> {
                    ps.setString(1, done.status().name());
                    ps.setString(2, done.resultJson());
                    ps.setString(3, done.changesJson());
                    ps.setString(4, error == null ? null : error.message());
                    ps.setString(5, error == null ? null : error.exceptionClass());
                    ps.setString(6, error == null ? null : error.stackExcerpt());
                    setTime(ps, 7, done.finishedAt());
                    ps.setObject(8, done.durationMs(), Types.BIGINT);
                    ps.setString(9, done.id());
                    ps.setString(10, RunStatus.RUNNING.name());
                }) == 1;
    }

    public Optional<RunRecord> find(String id) {
        List<RunRecord> found = query("SELECT " + COLUMNS + " FROM task_run WHERE id = ?", List.of(id), 1);
        return found.stream().findFirst();
    }

    /**
     * Newest first, keyset-paginated: runs older than {@code beforeId} (exclusive), optionally of one task and one
     * status. Each filter combination is served by an index ending in {@code id}.
     */
    public List<RunRecord> page(String task, RunStatus status, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM task_run WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (task != null) {
            sql.append(" AND task_name = ?");
            args.add(task);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        return query(sql.toString(), args, limit);
    }

    /** The newest run of a task, if it ever ran. */
    public Optional<RunRecord> latest(String task) {
        return page(task, null, null, 1).stream().findFirst();
    }

    private List<RunRecord> query(String sql, List<String> args, int expected) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            List<RunRecord> runs = new ArrayList<>(Math.min(expected, 64));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new HistoryUnavailableException(e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryUnavailableException(e);
        }
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        String errorMessage = rs.getString("error_message");
        String errorClass = rs.getString("error_class");
        RunError error = errorMessage == null && errorClass == null
                ? null
                : new RunError(errorMessage, errorClass, rs.getString("error_stack"));
        return new RunRecord(
                rs.getString("id"),
                rs.getString("task_name"),
                RunStatus.valueOf(rs.getString("status")),
                Trigger.valueOf(rs.getString("trigger_type")),
                rs.getString("params"),
                rs.getBoolean("dry_run"),
                rs.getString("result"),
                rs.getString("changes"),
                error,
                time(rs, "queued_at"),
                time(rs, "started_at"),
                time(rs, "finished_at"),
                rs.getString("node"),
                rs.getString("requested_by"));
    }

    // Timestamps are stored as UTC wall-clock values in plain TIMESTAMP columns: the same on every database,
    // whatever the JVM's or the session's time zone.
    private static void setTime(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setObject(index, at == null ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC), Types.TIMESTAMP);
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }
}
