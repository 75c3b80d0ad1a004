package dev.ormtask.run;

import dev.ormtask.history.HistoryStore;
import dev.ormtask.history.RunCounts;
import dev.ormtask.history.RunJournalStore;
import dev.ormtask.history.RunProgress;
import dev.ormtask.history.RunStatus;
import dev.ormtask.history.TaskActivity;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the API reads about runs besides the runs themselves (progress, run logs, task activity, counts): through the
 * run layer, like {@link RunService}, so that the API does not depend on how history stores them.
 */
@Singleton
public class RunReads {

    private final RunJournalStore journal;
    private final TaskActivity activity;
    private final RunCounts counts;
    private final HistoryStore store;

    RunReads(RunJournalStore journal, TaskActivity activity, RunCounts counts, HistoryStore store) {
        this.store = store;
        this.journal = journal;
        this.activity = activity;
        this.counts = counts;
    }

    /** The run's last progress report, if it made one. */
    public Optional<RunProgress> progress(String runId) {
        return journal.progress(runId);
    }

    /** The last progress report of each of these runs that made one (one query). */
    public Map<String, RunProgress> progress(Collection<String> runIds) {
        return journal.progress(runIds);
    }

    /** Up to {@code limit} of the run's own log lines after {@code afterSeq}, oldest first. */
    public RunJournalStore.LogPage log(String runId, int afterSeq, int limit) {
        return journal.log(runId, afterSeq, limit);
    }

    /** Each task's newest runs, paused flag and counts since {@code now} minus a day (three queries in all). */
    public Map<String, TaskActivity.Summary> activity(List<String> tasks, int recentPerTask, Instant now) {
        return activity.of(tasks, recentPerTask, now);
    }

    /** The first hour counted as "the last 24 h" at {@code now}, as {@link #finishedSince} counts it. */
    public Instant dayStart(Instant now) {
        return RunCounts.dayStart(now);
    }

    /** Runs finished since {@code since} (an hour's start), by status, on every node. */
    public Map<RunStatus, Long> finishedSince(Instant since) {
        return counts.byStatus(since);
    }

    /** The datasource run history is kept on. */
    public String historyDataSource() {
        return store.name();
    }

    /** Runs RUNNING and QUEUED now, on every node. */
    public Map<RunStatus, Long> unfinished() {
        return counts.unfinished();
    }
}
