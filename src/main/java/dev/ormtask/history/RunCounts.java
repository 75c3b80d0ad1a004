package dev.ormtask.history;

import dev.ormtask.config.BeforeStart;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finished runs per hour, task and status ({@code run_count_hourly}), for the dashboard's counts. Each node counts
 * the runs it settles in memory, at no cost to the run, and adds its counts to the table every
 * {@code ormtask.history.counts-flush-interval} in one transaction; reading the last 24 h then sums at most 24 rows
 * per task and status instead of counting over {@code task_run}. Counts of the last few seconds before a node is
 * killed (not stopped) are lost: these are figures for people, not for billing.
 */
@Singleton
public class RunCounts {

    private static final Logger LOG = Logger.getLogger(RunCounts.class);
    // Rows older than this are deleted: the dashboard reads 24 h, a week leaves room for a look back.
    private static final Duration KEEP = Duration.ofDays(8);

    private final HistoryJdbc jdbc;
    private final Clock clock;
    private final Map<Key, Delta> pending = new ConcurrentHashMap<>();
    private volatile Instant lastPrune = Instant.EPOCH;

    @Inject
    RunCounts(HistoryJdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** On another database with the history schema (tests). */
    public static RunCounts on(javax.sql.DataSource dataSource, Clock clock) {
        return new RunCounts(new HistoryJdbc(dataSource), clock);
    }

    private record Key(Instant hour, String task, RunStatus status) {}

    private record Delta(long runs, long timedRuns, long durationMs) {

        Delta plus(Delta other) {
            return new Delta(runs + other.runs, timedRuns + other.timedRuns, durationMs + other.durationMs);
        }
    }

    /** Counts a run that ended ({@code durationMs} null when it never started); written at the next flush. */
    public void ended(String task, RunStatus status, Instant finishedAt, Long durationMs) {
        if (!status.isTerminal()) {
            return;
        }
        Instant at = finishedAt == null ? clock.instant() : finishedAt;
        Key key = new Key(at.truncatedTo(ChronoUnit.HOURS), task, status);
        pending.merge(key, new Delta(1, durationMs == null ? 0 : 1, durationMs == null ? 0 : durationMs), Delta::plus);
    }

    /** Counts a run that ended, as recorded. */
    public void ended(RunRecord run) {
        ended(run.taskName(), run.status(), run.finishedAt(), run.durationMs());
    }

    @Scheduled(every = "${ormtask.history.counts-flush-interval:5s}", identity = "ormtask-run-counts",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = BeforeStart.class)
    void scheduledFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.debugf("Run counts not written, will retry: %s", e.getMessage());
        }
    }

    /** Writes this node's counts; on failure they stay in memory for the next flush. */
    public void flush() {
        Map<Key, Delta> taken = new HashMap<>();
        for (Key key : pending.keySet()) {
            Delta delta = pending.remove(key); // atomic per key: a count racing with this lands in the next flush
            if (delta != null) {
                taken.put(key, delta);
            }
        }
        if (!taken.isEmpty()) {
            try {
                jdbc.inTransaction(c -> {
                    add(c, taken);
                    return null;
                });
            } catch (RuntimeException e) {
                taken.forEach((key, delta) -> pending.merge(key, delta, Delta::plus));
                throw e;
            }
        }
        pruneNowAndThen();
    }

    // Another node may insert the same hour's row first: the unique key refuses this insert, the transaction rolls
    // back whole, and the counts are added at the next flush, by the update.
    private static void add(Connection c, Map<Key, Delta> deltas) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE run_count_hourly SET runs = runs + ?,"
                + " timed_runs = timed_runs + ?, duration_ms_sum = duration_ms_sum + ?"
                + " WHERE hour_start = ? AND task_name = ? AND status = ?");
                PreparedStatement insert = c.prepareStatement("INSERT INTO run_count_hourly (hour_start, task_name,"
                        + " status, runs, timed_runs, duration_ms_sum) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, Delta> e : deltas.entrySet()) {
                Key k = e.getKey();
                Delta d = e.getValue();
                update.setLong(1, d.runs());
                update.setLong(2, d.timedRuns());
                update.setLong(3, d.durationMs());
                HistoryJdbc.setTime(update, 4, k.hour());
                update.setString(5, k.task());
                update.setString(6, k.status().name());
                if (update.executeUpdate() == 0) {
                    HistoryJdbc.setTime(insert, 1, k.hour());
                    insert.setString(2, k.task());
                    insert.setString(3, k.status().name());
                    insert.setLong(4, d.runs());
                    insert.setLong(5, d.timedRuns());
                    insert.setLong(6, d.durationMs());
                    insert.executeUpdate();
                }
            }
        }
    }

    private void pruneNowAndThen() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(Duration.ofHours(1)) < 0) {
            return;
        }
        lastPrune = now;
        jdbc.update("DELETE FROM run_count_hourly WHERE hour_start < ?", ps -> HistoryJdbc.setTime(ps, 1,
                now.minus(KEEP).truncatedTo(ChronoUnit.HOURS)));
    }

    /** Before the datasources close (after the executor drained): what is still counted here is written. */
    void onStop(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 900) ShutdownEvent event) {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("Run counts of the last seconds could not be written at shutdown: %s", e.getMessage());
        }
    }

    /** The first hour counted as "the last 24 h" at {@code now}: the current hour and the 23 before it. */
    public static Instant dayStart(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(23, ChronoUnit.HOURS);
    }

    /** Finished runs by status since the hour {@code since} (inclusive). */
    public Map<RunStatus, Long> byStatus(Instant since) {
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        jdbc.query("SELECT status, SUM(runs) FROM run_count_hourly WHERE hour_start >= ? GROUP BY status",
                ps -> HistoryJdbc.setTime(ps, 1, since), rs -> counts.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    /** A task's finished runs since an hour: counts by status, and the mean duration of those that started. */
    public record TaskCounts(Map<RunStatus, Long> byStatus, Long meanDurationMs) {}

    /** Per task, its finished runs since the hour {@code since} (inclusive); tasks without any are absent. */
    public Map<String, TaskCounts> byTask(Instant since) {
        Map<String, Map<RunStatus, Long>> counts = new HashMap<>();
        Map<String, long[]> durations = new HashMap<>();
        jdbc.query("SELECT task_name, status, SUM(runs), SUM(timed_runs), SUM(duration_ms_sum) FROM run_count_hourly"
                + " WHERE hour_start >= ? GROUP BY task_name, status", ps -> HistoryJdbc.setTime(ps, 1, since), rs -> {
                    String task = rs.getString(1);
                    counts.computeIfAbsent(task, t -> new EnumMap<>(RunStatus.class))
                            .put(RunStatus.valueOf(rs.getString(2)), rs.getLong(3));
                    long[] d = durations.computeIfAbsent(task, t -> new long[2]);
                    d[0] += rs.getLong(4);
                    d[1] += rs.getLong(5);
                    return null;
                });
        Map<String, TaskCounts> result = new HashMap<>();
        counts.forEach((task, byStatus) -> {
            long[] d = durations.get(task);
            result.put(task, new TaskCounts(byStatus, d[0] == 0 ? null : d[1] / d[0]));
        });
        return result;
    }

    /** Runs queued and running now, across every node. */
    public Map<RunStatus, Long> unfinished() {
        Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
        counts.put(RunStatus.QUEUED, 0L);
        counts.put(RunStatus.RUNNING, 0L);
        jdbc.query("SELECT status, COUNT(*) FROM task_run WHERE status IN (" + HistoryJdbc.is(RunStatus.QUEUED) + ", "
                + HistoryJdbc.is(RunStatus.RUNNING) + ") GROUP BY status", ps -> { },
                rs -> counts.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }
}
