package dev.ormtask.history;

import dev.ormtask.task.Trigger;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the {@code task_run} table with plain JDBC: each write is one short auto-committed statement,
 * outside any task transaction, so history survives a task's rollback and costs one commit per step.
 */
@Singleton
public class RunHistory {

    private static final String COLUMNS = "id, task_name, status, trigger_type, params, dry_run, result, changes,"
            + " error_message, error_class, error_stack, queued_at, started_at, finished_at, node, requested_by,"
            + " scheduled_at, idempotency_key, attempt, first_attempt_id, rerun_of";

    private final HistoryJdbc jdbc;
    private final RunCounts counts;

    @jakarta.inject.Inject
    RunHistory(HistoryJdbc jdbc, RunCounts counts) {
        this.jdbc = jdbc;
        this.counts = counts;
    }

    /** On another database with the history schema (tests): runs that end are counted in memory only. */
    RunHistory(HistoryJdbc jdbc) {
        this(jdbc, new RunCounts(jdbc, java.time.Clock.systemUTC()));
    }

    /**
     * Inserts a new run (QUEUED, RUNNING or SKIPPED). Throws {@link DuplicateFireException} when another replica has
     * already recorded the same cron fire.
     */
    public void insert(RunRecord run) {
        insert(run, null);
    }

    /** Inserts a queued run that no replica may claim before {@code notBefore} (a retry waiting out its backoff). */
    public void insert(RunRecord run, Instant notBefore) {
        RunError error = run.error();
        try {
            jdbc.update("INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, error_message, queued_at,"
                            + " started_at, finished_at, node, requested_by, scheduled_at, idempotency_key, attempt,"
                            + " first_attempt_id, not_before, rerun_of)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ps -> {
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
                        ps.setString(18, run.rerunOf());
                    });
            if (run.status().isTerminal()) {
                counts.ended(run); // dashboard counts (SKIPPED fires)
            }
        } catch (HistoryUnavailableException e) {
            if (run.scheduledAt() != null && isUniqueViolation(e.getCause())) {
                throw new DuplicateFireException(run.taskName(), run.scheduledAt());
            }
            if (run.idempotencyKey() != null && isUniqueViolation(e.getCause())) {
                throw new DuplicateRequestException(run.taskName(), run.idempotencyKey());
            }
            throw e;
        }
    }

    /** The run a client started with this Idempotency-Key, if any. */
    public Optional<RunRecord> findByIdempotencyKey(String task, String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE task_name = ? AND idempotency_key = ?", ps -> {
            ps.setString(1, task);
            ps.setString(2, key);
        }, RunHistory::read).stream().findFirst();
    }

    /** Frees an expired Idempotency-Key so that a new run may take it. */
    public void forgetIdempotencyKey(String runId) {
        jdbc.update("UPDATE task_run SET idempotency_key = NULL WHERE id = ?", ps -> ps.setString(1, runId));
    }

    /**
     * Queued and running runs of other nodes that have not beaten since {@code silentSince} (or never did): their node
     * is taken for dead.
     */
    public List<RunRecord> abandoned(String self, Instant silentSince) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE status IN (?, ?) AND node <> ? AND node NOT IN"
                + " (SELECT node FROM node_heartbeat WHERE beat_at >= ?) ORDER BY id", ps -> {
                    ps.setString(1, RunStatus.QUEUED.name());
                    ps.setString(2, RunStatus.RUNNING.name());
                    ps.setString(3, self);
                    HistoryJdbc.setTime(ps, 4, silentSince);
                }, RunHistory::read);
    }

    /** A node's own queued and running runs. */
    public List<RunRecord> unfinishedOf(String node) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE status IN (?, ?) AND node = ? ORDER BY id", ps -> {
            ps.setString(1, RunStatus.QUEUED.name());
            ps.setString(2, RunStatus.RUNNING.name());
            ps.setString(3, node);
        }, RunHistory::read);
    }

    /**
     * Records the end of a running run whose node died (FAILED with the reason, or SUCCEEDED with a result when its
     * commit is known); false when it is no longer running there.
     */
    public boolean settleAbandoned(RunRecord run, RunStatus status, String resultJson, String reason, Instant at) {
        boolean settled = jdbc.update("UPDATE task_run SET status = ?, result = ?, error_message = ?, finished_at = ?,"
                + " duration_ms = ? WHERE id = ? AND status = ? AND node = ?", ps -> {
                    ps.setString(1, status.name());
                    ps.setString(2, resultJson);
                    ps.setString(3, reason);
                    HistoryJdbc.setTime(ps, 4, at);
                    ps.setObject(5, run.startedAt() == null ? null : at.toEpochMilli() - run.startedAt().toEpochMilli(),
                            Types.BIGINT);
                    ps.setString(6, run.id());
                    ps.setString(7, RunStatus.RUNNING.name());
                    ps.setString(8, run.node());
                }) == 1;
        if (settled) { // dashboard counts
            counts.ended(run.taskName(), status, at,
                    run.startedAt() == null ? null : at.toEpochMilli() - run.startedAt().toEpochMilli());
        }
        return settled;
    }

    /** Takes a queued run over from a dead node; false when another node took it first. */
    public boolean claimQueued(RunRecord run, String node) {
        return jdbc.update("UPDATE task_run SET node = ? WHERE id = ? AND status = ? AND node = ?", ps -> {
            ps.setString(1, node);
            ps.setString(2, run.id());
            ps.setString(3, RunStatus.QUEUED.name());
            ps.setString(4, run.node());
        }) == 1;
    }

    /**
     * Claims up to {@code max} runs that other nodes queued and have not started, oldest first, as RUNNING on
     * {@code node} since {@code now}: only runs of {@code tasks}, none still in its retry backoff. Returns the claimed
     * runs as they were queued (with the queuing node). Rows another claimer holds are
     * skipped, not waited for; the status check in the update keeps a run from starting twice even where the
     * database ignores the lock hint.
     */
    public List<RunRecord> claimQueuedOfOthers(String node, Collection<String> tasks, Instant now, int max) {
        if (max <= 0 || tasks.isEmpty()) {
            return List.of();
        }
        String names = placeholders(tasks.size());
        return jdbc.inTransaction(c -> {
            List<RunRecord> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM task_run WHERE status = ?"
                    + " AND node <> ? AND task_name IN (" + names + ") AND (not_before IS NULL OR not_before <= ?)"
                    + " ORDER BY id LIMIT " + max + " FOR UPDATE SKIP LOCKED")) {
                int i = 1;
                ps.setString(i++, RunStatus.QUEUED.name());
                ps.setString(i++, node);
                for (String task : tasks) {
                    ps.setString(i++, task);
                }
                HistoryJdbc.setTime(ps, i, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(read(rs));
                    }
                }
            }
            List<RunRecord> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE task_run SET status = ?, node = ?, started_at = ?"
                    + " WHERE id = ? AND status = ?")) {
                for (RunRecord run : candidates) {
                    ps.setString(1, RunStatus.RUNNING.name());
                    ps.setString(2, node);
                    HistoryJdbc.setTime(ps, 3, now);
                    ps.setString(4, run.id());
                    ps.setString(5, RunStatus.QUEUED.name());
                    if (ps.executeUpdate() == 1) {
                        claimed.add(run);
                    }
                }
            }
            return claimed;
        });
    }

    /** The runs with these ids, as they are now (a few hundred ids at most: a node's queue). */
    public List<RunRecord> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE id IN ("
                + placeholders(ids.size()) + ")", ps -> {
                    int i = 1;
                    for (String id : ids) {
                        ps.setString(i++, id);
                    }
                }, RunHistory::read);
    }

    /** Hands a claimed run back to the queue (its node began to stop before a worker took it). */
    public void unclaim(RunRecord claimed) {
        jdbc.update("UPDATE task_run SET status = ?, started_at = NULL WHERE id = ? AND status = ? AND node = ?", ps -> {
            ps.setString(1, RunStatus.QUEUED.name());
            ps.setString(2, claimed.id());
            ps.setString(3, RunStatus.RUNNING.name());
            ps.setString(4, claimed.node());
        });
    }

    /** The attempt that followed a failed run, once recorded (ids grow with time, so it is newer). */
    public Optional<RunRecord> nextAttempt(RunRecord failed) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE task_name = ? AND id > ? AND first_attempt_id = ?"
                + " AND attempt = ?", ps -> {
                    ps.setString(1, failed.taskName());
                    ps.setString(2, failed.id());
                    ps.setString(3, failed.firstAttemptId() == null ? failed.id() : failed.firstAttemptId());
                    ps.setInt(4, failed.attempt() + 1);
                }, RunHistory::read).stream().findFirst();
    }

    /** The latest cron fire time recorded for a task, if any. */
    public Optional<Instant> latestFire(String task) {
        return jdbc.query("SELECT MAX(scheduled_at) FROM task_run WHERE task_name = ?", ps -> ps.setString(1, task),
                rs -> Optional.ofNullable(HistoryJdbc.time(rs, 1))).get(0);
    }

    /** Cancels a run that has not started; false when it is no longer queued. */
    public boolean cancelQueued(String id, String reason, Instant at) {
        boolean cancelled = jdbc.update("UPDATE task_run SET status = ?, error_message = ?, finished_at = ? WHERE id = ? AND status = ?",
                ps -> {
                    ps.setString(1, RunStatus.CANCELLED.name());
                    ps.setString(2, reason);
                    HistoryJdbc.setTime(ps, 3, at);
                    ps.setString(4, id);
                    ps.setString(5, RunStatus.QUEUED.name());
                }) == 1;
        if (cancelled) { // dashboard counts; a rare path, so the task name is read back rather than passed in
            find(id).ifPresent(counts::ended);
        }
        return cancelled;
    }

    /** Asks the node executing a run to cancel it; false when the run is no longer running. */
    public boolean requestCancel(String id) {
        return jdbc.update("UPDATE task_run SET cancel_requested = ? WHERE id = ? AND status = ?", ps -> {
            ps.setBoolean(1, true);
            ps.setString(2, id);
            ps.setString(3, RunStatus.RUNNING.name());
        }) == 1;
    }

    /** Ids of runs executing on a node that someone asked to cancel. */
    public List<String> cancelRequested(String node) {
        return jdbc.query("SELECT id FROM task_run WHERE status = ? AND node = ? AND cancel_requested = ?", ps -> {
            ps.setString(1, RunStatus.RUNNING.name());
            ps.setString(2, node);
            ps.setBoolean(3, true);
        }, rs -> rs.getString(1));
    }

    /** "?, ?, …" for an IN list of {@code count} parameters. */
    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** SQLSTATE class 23 with the unique-violation codes of PostgreSQL/H2 (23505) and MariaDB (1062). */
    static boolean isUniqueViolation(Throwable e) {
        return e instanceof SQLException sql
                && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062);
    }

    /** Moves a queued run to RUNNING; false when it is no longer queued (another node or a cancel got it). */
    public boolean markRunning(RunRecord running) {
        return jdbc.update("UPDATE task_run SET status = ?, started_at = ?, node = ? WHERE id = ? AND status = ?",
                ps -> {
                    ps.setString(1, RunStatus.RUNNING.name());
                    HistoryJdbc.setTime(ps, 2, running.startedAt());
                    ps.setString(3, running.node());
                    ps.setString(4, running.id());
                    ps.setString(5, RunStatus.QUEUED.name());
                }) == 1;
    }

    /** Records a running run's terminal state; false when the row was not RUNNING any more. */
    public boolean finish(RunRecord done) {
        RunError error = done.error();
        boolean finished = jdbc.update("UPDATE task_run SET status = ?, result = ?, changes = ?, error_message = ?, error_class = ?,"
                        + " error_stack = ?, finished_at = ?, duration_ms = ? WHERE id = ? AND status = ?",
                ps -> {
                    ps.setString(1, done.status().name());
                    ps.setString(2, done.resultJson());
                    ps.setString(3, done.changesJson());
                    ps.setString(4, error == null ? null : error.message());
                    ps.setString(5, error == null ? null : error.exceptionClass());
                    ps.setString(6, error == null ? null : error.stackExcerpt());
                    HistoryJdbc.setTime(ps, 7, done.finishedAt());
                    ps.setObject(8, done.durationMs(), Types.BIGINT);
                    ps.setString(9, done.id());
                    ps.setString(10, RunStatus.RUNNING.name());
                }) == 1;
        if (finished) {
            counts.ended(done); // dashboard counts: in memory, written every few seconds
        }
        return finished;
    }

    public Optional<RunRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE id = ?", ps -> ps.setString(1, id), RunHistory::read)
                .stream()
                .findFirst();
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
        return jdbc.query(sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
        }, RunHistory::read);
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
                HistoryJdbc.time(rs, "queued_at"),
                HistoryJdbc.time(rs, "started_at"),
                HistoryJdbc.time(rs, "finished_at"),
                rs.getString("node"),
                rs.getString("requested_by"),
                HistoryJdbc.time(rs, "scheduled_at"),
                rs.getString("idempotency_key"),
                rs.getInt("attempt"),
                rs.getString("first_attempt_id"),
                rs.getString("rerun_of"));
    }
}
