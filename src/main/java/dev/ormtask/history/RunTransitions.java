package dev.ormtask.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The run lifecycle as the database sees it: every write of {@code task_run.status} is one of the four {@link Write}s
 * here, each checked against {@link RunStatus#canMoveTo} and written with compare-and-set on the expected status
 * (and, for a running run, the node that runs it), so that of two nodes racing for a run exactly one wins.
 */
final class RunTransitions {

    /** The only ways a run's status is written, with the moves each may make. */
    enum Write {
        /** A new row: queued, running here at once, or skipped by policy. */
        RECORD(null, EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SKIPPED)),
        /** A node takes the oldest queued runs for its idle workers. */
        CLAIM(RunStatus.QUEUED, EnumSet.of(RunStatus.RUNNING)),
        /** A running run ends, recorded by the node that runs it or by one settling it after that node died. */
        FINISH(RunStatus.RUNNING, EnumSet.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.TIMED_OUT,
                RunStatus.CANCELLED)),
        /** A queued run is cancelled before any node claimed it. */
        CANCEL_QUEUED(RunStatus.QUEUED, EnumSet.of(RunStatus.CANCELLED));

        final RunStatus from;
        final Set<RunStatus> to;

        Write(RunStatus from, Set<RunStatus> to) {
            this.from = from;
            this.to = to;
        }

        /** Whether the lifecycle table allows every move this write can make. */
        boolean allowedByTable() {
            return to.stream().allMatch(next -> from == null ? next.isInitial() : from.canMoveTo(next));
        }

        void check(RunStatus next) {
            if (!to.contains(next) || !allowedByTable()) {
                throw new IllegalStateException(name() + " cannot write " + (from == null ? "a new run" : from)
                        + " -> " + next);
            }
        }
    }

    static final String COLUMNS = "id, task_name, status, trigger_type, params, dry_run, result, changes,"
            + " error_message, error_class, error_stack, queued_at, started_at, finished_at, node, requested_by,"
            + " scheduled_at, idempotency_key, attempt, first_attempt_id, caller_ref, traceparent, rerun_of";

    private static final String INSERT = "INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run,"
            + " error_message, queued_at, started_at, finished_at, node, requested_by, scheduled_at, idempotency_key,"
            + " attempt, first_attempt_id, not_before, caller_ref, traceparent, rerun_of)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FINISH = "UPDATE task_run SET status = ?, result = ?, changes = ?, error_message = ?,"
            + " error_class = ?, error_stack = ?, finished_at = ?, duration_ms = ? WHERE id = ? AND status = ? AND node = ?";
    private static final String CANCEL_QUEUED = "UPDATE task_run SET status = ?, error_message = ?, finished_at = ?"
            + " WHERE id = ? AND status = ?";

    static {
        for (Write write : Write.values()) {
            if (!write.allowedByTable()) {
                throw new ExceptionInInitializerError(write + " makes a move the lifecycle table forbids");
            }
        }
    }

    private RunTransitions() {}

    // The SQL state of a unique violation: a key another start took first is refused like a key inserted twice.
    private static final String KEY_TAKEN = "23505";

    /**
     * A new row, and for a queued retry the time before which no node may claim it (null: at once). {@code keyFrom}
     * names the run whose Idempotency-Key the new row takes over (a caller's retry of a failed run), or is null.
     */
    record NewRun(RunRecord run, Instant notBefore, String keyFrom) {
        NewRun {
            Write.RECORD.check(run.status());
        }

        NewRun(RunRecord run, Instant notBefore) {
            this(run, notBefore, null);
        }
    }

    /**
     * Inserts new runs on {@code c}, in its transaction (one JDBC batch). A run taking over a key takes it from the run
     * that holds it in the same transaction, by compare-and-set: a reader finds the key on one run or the other, never
     * on none, and of starts racing to take it one does; the others fail as a taken key does (a unique violation).
     */
    static void record(Connection c, List<NewRun> runs) throws SQLException {
        for (NewRun run : runs) {
            if (run.keyFrom() != null) {
                takeKey(c, run);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (NewRun run : runs) {
                bindInsert(ps, run.run(), run.notBefore());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void takeKey(Connection c, NewRun run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE task_run SET idempotency_key = NULL WHERE id = ? AND idempotency_key = ?")) {
            ps.setString(1, run.keyFrom());
            ps.setString(2, run.run().idempotencyKey());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the Idempotency-Key of run " + run.keyFrom() + " went to another start",
                        KEY_TAKEN);
            }
        }
    }

    private static void bindInsert(PreparedStatement ps, RunRecord run, Instant notBefore) throws SQLException {
        RunError error = run.error();
        ps.setString(1, run.id());
        ps.setString(2, run.taskName());
        ps.setString(3, run.status().name());
        ps.setString(4, run.trigger().name());
        ps.setString(5, run.paramsJson());
        ps.setBoolean(6, run.dryRun());
        ps.setString(7, error == null ? null : error.message());
        HistoryJdbc.setTime(ps, 8, run.queuedAt());
        HistoryJdbc.setTime(ps, 9, run.startedAt());
        HistoryJdbc.setTime(ps, 10, run.finishedAt());
        ps.setString(11, run.node());
        ps.setString(12, run.requestedBy());
        HistoryJdbc.setTime(ps, 13, run.scheduledAt());
        ps.setString(14, run.idempotencyKey());
        ps.setInt(15, run.attempt());
        ps.setString(16, run.firstAttemptId());
        HistoryJdbc.setTime(ps, 17, notBefore);
        ps.setString(18, run.callerRef());
        ps.setString(19, run.traceparent());
        ps.setString(20, run.rerunOf());
    }

    /**
     * Claims up to {@code max} queued runs of {@code tasks} for {@code node}, oldest first, none still in its retry
     * backoff, as RUNNING since {@code now} (never before the run was queued, whatever the clocks). Rows another claimer
     * holds are skipped, not waited for; the status check in the update keeps a run from starting twice even where
     * the database ignores the lock hint. Runs in {@code c}'s transaction; the result is sorted by id.
     */
    static List<RunRecord> claim(Connection c, HistoryDialect dialect, String node, Collection<String> tasks,
            Instant now, int max) throws SQLException {
        if (max <= 0 || tasks.isEmpty()) {
            return List.of();
        }
        Write.CLAIM.check(RunStatus.RUNNING);
        List<RunRecord> claimed = new ArrayList<>();
        if (dialect.claimsInOneStatement()) {
            try (PreparedStatement ps = c.prepareStatement(claimSql(dialect, tasks.size(), max))) {
                int i = bindPick(ps, tasks, now);
                ps.setString(i++, RunStatus.RUNNING.name());
                ps.setString(i++, node);
                HistoryJdbc.setTime(ps, i++, now);
                HistoryJdbc.setTime(ps, i++, now);
                ps.setString(i, RunStatus.QUEUED.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(RunRows.read(rs));
                    }
                }
            }
            claimed.sort(Comparator.comparing(RunRecord::id));
            return claimed;
        }
        List<RunRecord> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(claimSql(dialect, tasks.size(), max))) {
            bindPick(ps, tasks, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(RunRows.read(rs));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE task_run SET status = ?, node = ?, started_at = ?"
                + " WHERE id = ? AND status = ?")) {
            for (RunRecord run : candidates) {
                RunRecord started = run.started(run.queuedAt().isAfter(now) ? run.queuedAt() : now, node);
                ps.setString(1, RunStatus.RUNNING.name());
                ps.setString(2, node);
                HistoryJdbc.setTime(ps, 3, started.startedAt());
                ps.setString(4, run.id());
                ps.setString(5, RunStatus.QUEUED.name());
                if (ps.executeUpdate() == 1) {
                    claimed.add(started);
                }
            }
        }
        return claimed;
    }

    /**
     * The claim's SQL: on PostgreSQL one statement that picks, locks and updates; elsewhere the pick alone, the update
     * following per run. Binds the task names, then the time for the backoff check, then (PostgreSQL) the update's
     * status, node, two times and expected status.
     */
    static String claimSql(HistoryDialect dialect, int tasks, int max) {
        String pick = "SELECT " + (dialect.claimsInOneStatement() ? "id" : COLUMNS) + " FROM task_run WHERE status = "
                + HistoryJdbc.is(RunStatus.QUEUED) + " AND task_name IN (" + HistoryJdbc.placeholders(tasks) + ")"
                + " AND (not_before IS NULL OR not_before <= ?) ORDER BY id LIMIT " + max + " FOR UPDATE SKIP LOCKED";
        if (!dialect.claimsInOneStatement()) {
            return pick;
        }
        return "WITH picked AS (" + pick + ") UPDATE task_run t SET status = ?, node = ?, started_at ="
                + " CASE WHEN t.queued_at > ? THEN t.queued_at ELSE ? END FROM picked WHERE t.id = picked.id"
                + " AND t.status = ? RETURNING " + qualified("t");
    }

    private static int bindPick(PreparedStatement ps, Collection<String> tasks, Instant now) throws SQLException {
        int i = 1;
        for (String task : tasks) {
            ps.setString(i++, task);
        }
        HistoryJdbc.setTime(ps, i++, now);
        return i;
    }

    /**
     * Records the ends of running runs on {@code c}, in its transaction (one JDBC batch), each only while the run is
     * still RUNNING on the node the record names. Returns, per run, whether it was written.
     */
    static boolean[] finish(Connection c, List<RunRecord> done) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FINISH)) {
            for (RunRecord run : done) {
                Write.FINISH.check(run.status());
                RunError error = run.error();
                ps.setString(1, run.status().name());
                ps.setString(2, run.resultJson());
                ps.setString(3, run.changesJson());
                ps.setString(4, error == null ? null : error.message());
                ps.setString(5, error == null ? null : error.exceptionClass());
                ps.setString(6, error == null ? null : error.stackExcerpt());
                HistoryJdbc.setTime(ps, 7, run.finishedAt());
                ps.setObject(8, run.durationMs(), Types.BIGINT);
                ps.setString(9, run.id());
                ps.setString(10, RunStatus.RUNNING.name());
                ps.setString(11, run.node());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] written = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                // Some drivers answer SUCCESS_NO_INFO (-2) for a batch; none here does for updates, but a row count
                // is what tells a lost compare-and-set, so anything but 1 counts as not written.
                written[i] = counts[i] == 1;
            }
            return written;
        }
    }

    /** Cancels a run that no node has claimed yet; false when it is no longer queued. */
    static boolean cancelQueued(Connection c, String id, String reason, Instant at) throws SQLException {
        Write.CANCEL_QUEUED.check(RunStatus.CANCELLED);
        try (PreparedStatement ps = c.prepareStatement(CANCEL_QUEUED)) {
            ps.setString(1, RunStatus.CANCELLED.name());
            ps.setString(2, reason);
            HistoryJdbc.setTime(ps, 3, at);
            ps.setString(4, id);
            ps.setString(5, RunStatus.QUEUED.name());
            return ps.executeUpdate() == 1;
        }
    }

    private static String qualified(String alias) {
        StringBuilder out = new StringBuilder();
        for (String column : COLUMNS.split(",")) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(alias).append('.').append(column.trim());
        }
        return out.toString();
    }
}
