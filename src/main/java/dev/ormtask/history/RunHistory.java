package dev.ormtask.history;

import dev.ormtask.config.Futures;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the {@code task_run} table, and writes the few single-row changes outside a run's own path: cancelling a
 * queued run, settling a dead node's run, cancel requests and expired idempotency keys. Status writes go through
 * {@link RunTransitions}; new runs and outcomes of this node's runs through the {@link HistoryWriter}'s group commit.
 */
@Singleton
public class RunHistory {

    private static final String COLUMNS = RunTransitions.COLUMNS;

    private final HistoryJdbc jdbc;
    private final HistoryWriter writer;
    private final RunCounts counts;

    /** On another database with the history schema (tests): runs that end are counted in memory only. */
    RunHistory(HistoryJdbc jdbc, HistoryWriter writer) {
        this(jdbc, writer, new RunCounts(jdbc, java.time.Clock.systemUTC()));
    }

    /** On another database with the history schema (tests), writing through a writer of its own. */
    RunHistory(HistoryJdbc jdbc) {
        this(jdbc, new HistoryWriter(jdbc));
    }

    @jakarta.inject.Inject
    RunHistory(HistoryJdbc jdbc, HistoryWriter writer, RunCounts counts) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.counts = counts;
    }

    /**
     * Records a new run (QUEUED, RUNNING or SKIPPED) and waits for its commit. Throws {@link DuplicateFireException}
     * when another replica has already recorded the same cron fire, {@link DuplicateRequestException} for an
     * Idempotency-Key taken meanwhile.
     */
    public void insert(RunRecord run) {
        insert(run, null);
    }

    /** Records a queued run that no replica may claim before {@code notBefore} (a retry waiting out its backoff). */
    public void insert(RunRecord run, Instant notBefore) {
        Futures.join(writer.record(run, notBefore));
    }

    /**
     * Records a new run without holding the caller's thread: the future completes, on the history writer's thread,
     * once the run's row is committed, or fails as {@link #insert(RunRecord)} would throw.
     */
    public CompletableFuture<Void> insertLater(RunRecord run) {
        return writer.record(run, null);
    }

    /**
     * {@link #insertLater(RunRecord)} for a run that takes over run {@code keyFrom}'s Idempotency-Key in the same
     * commit; fails with {@link DuplicateRequestException} when another start took it first.
     */
    public CompletableFuture<Void> insertLaterTakingKey(RunRecord run, String keyFrom) {
        return writer.recordTakingKey(run, keyFrom);
    }

    /** The run a client started with this Idempotency-Key, if any. */
    public Optional<RunRecord> findByIdempotencyKey(String task, String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE task_name = ? AND idempotency_key = ?", ps -> {
            ps.setString(1, task);
            ps.setString(2, key);
        }, RunRows::read).stream().findFirst();
    }

    /** Frees an expired Idempotency-Key so that a new run may take it. */
    public void forgetIdempotencyKey(String runId) {
        jdbc.update("UPDATE task_run SET idempotency_key = NULL WHERE id = ?", ps -> ps.setString(1, runId));
    }

    /** Running runs of other nodes that have not beaten since {@code silentSince} (or never did). */
    public List<RunRecord> runningOfSilentNodes(String self, Instant silentSince) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE status = " + HistoryJdbc.is(RunStatus.RUNNING)
                + " AND node <> ? AND node NOT IN (SELECT node FROM node_heartbeat WHERE beat_at >= ?) ORDER BY id",
                ps -> {
                    ps.setString(1, self);
                    HistoryJdbc.setTime(ps, 2, silentSince);
                }, RunRows::read);
    }

    /** A node's own running runs (left by its last life, at startup). */
    public List<RunRecord> runningOn(String node) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE status = " + HistoryJdbc.is(RunStatus.RUNNING)
                + " AND node = ? ORDER BY id", ps -> ps.setString(1, node), RunRows::read);
    }

    /**
     * Records the end of a running run that its node will not record (it died), with its next attempt if any, in one
     * transaction: written only while the run is still RUNNING on the node the record names; false when not.
     */
    public boolean settle(RunEnd settled) {
        boolean written = jdbc.inTransaction(c -> RunEnd.write(c, List.of(settled)))[0];
        if (written) {
            counts.ended(settled.done()); // dashboard counts
        }
        return written;
    }

    /** Cancels a run that has not started; false when it is no longer queued. */
    public boolean cancelQueued(String id, String reason, Instant at) {
        boolean cancelled = jdbc.inTransaction(c -> RunTransitions.cancelQueued(c, id, reason, at));
        if (cancelled) { // dashboard counts; a rare path, so the task name is read back rather than passed in
            find(id).ifPresent(counts::ended);
        }
        return cancelled;
    }

    /** The runs with these ids, as they are now (a few hundred ids at most). */
    public List<RunRecord> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE id IN ("
                + HistoryJdbc.placeholders(ids.size()) + ")", ps -> {
                    int i = 1;
                    for (String id : ids) {
                        ps.setString(i++, id);
                    }
                }, RunRows::read);
    }

    /** The attempt that followed a failed run, once recorded (ids grow with time, so it is newer). */
    public Optional<RunRecord> nextAttempt(RunRecord failed) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE task_name = ? AND id > ? AND first_attempt_id = ?"
                + " AND attempt = ?", ps -> {
                    ps.setString(1, failed.taskName());
                    ps.setString(2, failed.id());
                    ps.setString(3, failed.firstAttemptId() == null ? failed.id() : failed.firstAttemptId());
                    ps.setInt(4, failed.attempt() + 1);
                }, RunRows::read).stream().findFirst();
    }

    /** The latest cron fire time recorded for a task, if any. */
    public Optional<Instant> latestFire(String task) {
        return jdbc.query("SELECT MAX(scheduled_at) FROM task_run WHERE task_name = ?", ps -> ps.setString(1, task),
                rs -> Optional.ofNullable(HistoryJdbc.time(rs, 1))).get(0);
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
        return jdbc.query("SELECT id FROM task_run WHERE status = " + HistoryJdbc.is(RunStatus.RUNNING)
                + " AND node = ? AND cancel_requested = ?", ps -> {
            ps.setString(1, node);
            ps.setBoolean(2, true);
        }, rs -> rs.getString(1));
    }

    /** How many runs wait in the queue of every node together (an index-only count of QUEUED rows). */
    public long queuedCount() {
        return jdbc.query("SELECT COUNT(*) FROM task_run WHERE status = " + HistoryJdbc.is(RunStatus.QUEUED), ps -> { },
                rs -> rs.getLong(1)).get(0);
    }

    public Optional<RunRecord> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM task_run WHERE id = ?", ps -> ps.setString(1, id), RunRows::read)
                .stream()
                .findFirst();
    }

    /**
     * Newest first, keyset-paginated: runs older than {@code beforeId} (exclusive), optionally of one task and one
     * status. Each filter combination is served by an index ending in {@code id}.
     */
    public List<RunRecord> page(String task, RunStatus status, String beforeId, int limit) {
        return page(task, status, null, beforeId, limit);
    }

    /**
     * {@link #page(String, RunStatus, String, int)} also narrowed to one caller reference ({@code caller}), or to the
     * references starting with {@code caller} less its trailing {@code *}.
     */
    public List<RunRecord> page(String task, RunStatus status, String caller, String beforeId, int limit) {
        PageQuery query = pageQuery(task, status, caller, beforeId, limit);
        return jdbc.query(query.sql(), ps -> {
            for (int i = 0; i < query.args().size(); i++) {
                ps.setString(i + 1, query.args().get(i));
            }
        }, RunRows::read);
    }

    /** A page's SQL and the strings it binds, in order. */
    record PageQuery(String sql, List<String> args) {}

    static PageQuery pageQuery(String task, RunStatus status, String caller, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM task_run WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (caller != null && caller.endsWith("*")) {
            sql.append(" AND caller_ref LIKE ? ESCAPE '!'");
            args.add(caller.substring(0, caller.length() - 1).replaceAll("[!%_]", "!$0") + "%");
        } else if (caller != null) {
            sql.append(" AND caller_ref = ?");
            args.add(caller);
        }
        if (task != null) {
            sql.append(" AND task_name = ?");
            args.add(task);
        }
        if (status != null) {
            sql.append(" AND status = ").append(HistoryJdbc.is(status));
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        return new PageQuery(sql.toString(), args);
    }

}
