package dev.ormtask.history;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Housekeeping: deletes finished runs older than {@code ormtask.history.max-age} and beyond
 * {@code ormtask.history.keep-per-task}, a small batch per statement so that runs are never blocked behind it.
 * Queued and running rows are never deleted, and a deleted run's progress and log lines go with it. Ids are
 * time-ordered, so "older than" is a primary-key range.
 */
@Singleton
public class HistoryRetention {

    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);
    private static final String FINISHED = Stream.of(RunStatus.values())
            .filter(RunStatus::isTerminal)
            .map(HistoryJdbc::is)
            .collect(Collectors.joining(", ", "(", ")"));

    private final HistoryJdbc jdbc;
    private final HistoryConfig config;
    private final Clock clock;
    private final RunJournalStore journal;

    HistoryRetention(HistoryJdbc jdbc, HistoryConfig config, Clock clock, RunJournalStore journal) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${ormtask.history.cleanup-interval}", delayed = "1m", identity = "ormtask-history-retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            clean(config.maxAge(), config.keepPerTask());
        } catch (RuntimeException e) {
            LOG.warnf("History housekeeping failed, will retry: %s", e.getMessage());
        }
    }

    /** Deletes what the limits allow; returns the number of runs deleted. */
    public int clean(Duration maxAge, Optional<Integer> keepPerTask) {
        int deleted = deleteBefore(null, RunIds.lowerBound(clock.instant().minus(maxAge)));
        if (keepPerTask.isPresent()) {
            int keep = Math.max(1, keepPerTask.get());
            for (String task : jdbc.query("SELECT DISTINCT task_name FROM task_run", ps -> {}, rs -> rs.getString(1))) {
                Optional<String> oldestKept = jdbc.query("SELECT id FROM task_run WHERE task_name = ? ORDER BY id DESC"
                        + " LIMIT 1 OFFSET " + (keep - 1), ps -> ps.setString(1, task), rs -> rs.getString(1))
                        .stream().findFirst();
                if (oldestKept.isPresent()) {
                    deleted += deleteBefore(task, oldestKept.get());
                }
            }
        }
        if (deleted > 0) {
            LOG.infof("History housekeeping deleted %d finished runs", deleted);
        }
        return deleted;
    }

    /** Finished runs (of one task, or all) with an id below the bound, batch by batch. */
    private int deleteBefore(String task, String boundId) {
        int total = 0;
        while (true) {
            List<String> ids = jdbc.query("SELECT id FROM task_run WHERE id < ? AND status IN " + FINISHED
                    + (task == null ? "" : " AND task_name = ?") + " ORDER BY id LIMIT " + config.cleanupBatch(), ps -> {
                        ps.setString(1, boundId);
                        if (task != null) {
                            ps.setString(2, task);
                        }
                    }, rs -> rs.getString(1));
            if (ids.isEmpty()) {
                return total;
            }
            String placeholders = ids.stream().map(id -> "?").collect(Collectors.joining(", "));
            total += jdbc.update("DELETE FROM task_run WHERE id IN (" + placeholders + ")", ps -> {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 1, ids.get(i));
                }
            });
            journal.delete(ids); // their progress and log lines go with them
            if (ids.size() < config.cleanupBatch()) {
                return total;
            }
        }
    }
}
