package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.history.RunJournalStore;
import dev.ormtask.history.RunRecord;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.Secrets;
import dev.ormtask.task.TaskParameters;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Writes what running tasks report (progress, {@code ctx.log()} lines) to the history store: one flusher thread per
 * node, one transaction per flush for all runs, each run at most once per {@code ormtask.runlog.flush-interval}. A
 * task never waits for it and its transaction never sees it, so a rollback keeps the last report. When a run ends,
 * its worker asks for a flush and waits for it (bounded), so the run's log is complete before the run is recorded
 * as ended; runs that end together share that flush and its commit.
 */
@Singleton
public class RunJournals {

    private static final Logger LOG = Logger.getLogger(RunJournals.class);
    // A worker waits at most this long for its run's last lines; what is not written by then is written later.
    private static final long CLOSE_WAIT_MS = 5_000;

    private final RunJournalStore store;
    private final RunLogConfig config;
    private final Clock clock;
    private final Map<String, RunJournal> journals = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Void>> demanded = new AtomicReference<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ormtask-run-journal"));
    private volatile boolean failing;

    RunJournals(RunJournalStore store, RunLogConfig config, NodeIdentity node) {
        this.store = store;
        this.config = config;
        this.clock = node.clock();
        long every = config.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** A journal for a run about to execute, masking the values of the task's secret parameters. */
    RunJournal open(RegisteredTask task, RunRecord run, TaskParameters params) {
        RunJournal journal = new RunJournal(run.id(), Secrets.of(task.params(), params.asMap()), config, clock);
        journals.put(run.id(), journal);
        return journal;
    }

    /**
     * The run's transaction has ended: writes what it still holds, sharing the next flush with every other run that
     * ends meanwhile, and waits for that flush (at most {@value #CLOSE_WAIT_MS} ms; an interrupted worker does not
     * wait, and the flusher writes it anyway).
     */
    void close(RunJournal journal) {
        if (!journal.close()) {
            journals.remove(journal.runId(), journal);
            return;
        }
        try {
            demand().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Run %s: its last reports are written later (%s)", journal.runId(), e.getMessage());
        }
    }

    /** The flush that will include everything held now: the one not yet started, or a new one. */
    private CompletableFuture<Void> demand() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> waiting = demanded.compareAndExchange(null, mine);
        if (waiting != null) {
            return waiting;
        }
        try {
            flusher.execute(() -> {
                CompletableFuture<Void> served = demanded.getAndSet(null); // later arrivals wait for the next flush
                try {
                    flush(false);
                    if (served != null) {
                        served.complete(null);
                    }
                } catch (RuntimeException e) {
                    if (served != null) {
                        served.completeExceptionally(e);
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            demanded.compareAndSet(mine, null);
            mine.completeExceptionally(stopping);
        }
        return mine;
    }

    private void tick() {
        try {
            flush(false);
        } catch (RuntimeException e) {
            LOG.debugf("Run reports not written, will retry: %s", e.getMessage());
        }
    }

    /** One flush: what is due of every run, in one transaction; runs whose rows fail alone are retried alone. */
    private void flush(boolean force) {
        Instant now = clock.instant();
        List<RunJournal> owners = new ArrayList<>();
        List<RunJournal.Batch> batches = new ArrayList<>();
        for (RunJournal journal : journals.values()) {
            RunJournal.Batch batch = journal.take(now, force);
            if (batch != null) {
                owners.add(journal);
                batches.add(batch);
            }
        }
        if (!batches.isEmpty()) {
            try {
                write(batches);
                recovered();
            } catch (RuntimeException e) {
                if (batches.size() == 1 || unreachable(e)) {
                    failed(owners, batches, e);
                } else {
                    // One bad row (a message the database refuses) must not hold back every run's reports.
                    for (int i = 0; i < batches.size(); i++) {
                        try {
                            write(List.of(batches.get(i)));
                        } catch (RuntimeException alone) {
                            failed(List.of(owners.get(i)), List.of(batches.get(i)), alone);
                        }
                    }
                }
            }
        }
        journals.values().removeIf(RunJournal::drained);
    }

    private void write(List<RunJournal.Batch> batches) {
        List<RunJournalStore.ProgressWrite> progress = new ArrayList<>();
        List<RunJournalStore.LineWrite> lines = new ArrayList<>();
        List<RunJournalStore.Trim> trims = new ArrayList<>();
        for (RunJournal.Batch batch : batches) {
            if (batch.progress() != null) {
                progress.add(batch.progress());
            }
            lines.addAll(batch.lines());
            if (batch.trim() != null) {
                trims.add(batch.trim());
            }
        }
        store.write(progress, lines, trims);
    }

    // While the history store cannot be reached, reports wait in memory (bounded per run); a report the database
    // itself refuses is dropped, or it would be retried forever.
    private void failed(List<RunJournal> owners, List<RunJournal.Batch> batches, RuntimeException e) {
        boolean unreachable = unreachable(e);
        for (int i = 0; i < owners.size(); i++) {
            if (unreachable) {
                owners.get(i).giveBack(batches.get(i));
            } else {
                LOG.warnf("Run %s: progress and log lines dropped, the history store refused them: %s",
                        owners.get(i).runId(), e.getMessage());
            }
        }
        if (unreachable && !failing) {
            failing = true;
            LOG.warnf("Run progress and log lines wait in memory: the history store is unavailable (%s)", e.getMessage());
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Run progress and log lines are written again");
        }
    }

    /** A lost or refused connection, rather than a statement the database rejected. */
    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() == null || sql.getSQLState().startsWith("08")
                    || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** At shutdown, after the executor drained and before the datasources close: write what is left, then stop. */
    void onStop(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 800) ShutdownEvent event) {
        try {
            flusher.submit(() -> flush(true)).get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warnf("Run progress and log lines of the last moments could not be written: %s", e.getMessage());
        }
        flusher.shutdownNow();
    }
}
