package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.config.Futures;
import dev.ormtask.history.HistoryUnavailableException;
import dev.ormtask.history.HistoryWriter;
import dev.ormtask.history.RunEnd;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.Secrets;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.trace.RunTracing;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What a worker does with one run that is RUNNING on this node: calls the task in its transaction, hands the outcome
 * (and a retry's next attempt) to the history writer's group commit, and tells whoever waits here once it is recorded.
 */
@Singleton
class RunExecution implements HistoryWriter.LateOutcomes {

    private static final Logger LOG = Logger.getLogger(RunExecution.class);

    private final TaskInvoker invoker;
    private final HistoryWriter writer;
    private final RunHistory history;
    private final RunHandles handles;
    private final RunMetrics metrics;
    private final NodeIdentity node;
    private final RunTracing tracing;
    private final InDoubtRuns inDoubt;
    private final ConcurrencyHandover handover;
    // Reads history when an outcome lost its compare-and-set: never on the writer's thread, which must not block.
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(DaemonThreads.named("ormtask-outcome-reconciler"));

    RunExecution(TaskInvoker invoker, HistoryWriter writer, RunHistory history, RunHandles handles, RunMetrics metrics,
            NodeIdentity node, RunTracing tracing, InDoubtRuns inDoubt, ConcurrencyHandover handover) {
        this.handover = handover;
        this.tracing = tracing;
        this.inDoubt = inDoubt;
        this.invoker = invoker;
        this.writer = writer;
        this.history = history;
        this.handles = handles;
        this.metrics = metrics;
        this.node = node;
        writer.reportLateOutcomesTo(this);
    }

    /** Executes the run; the backoff after which its next attempt may be claimed, or null when there is none. */
    Duration execute(RegisteredTask task, TaskParameters params, RunRecord run, RunControl control) {
        MDC.put("runId", run.id());
        MDC.put("task", run.taskName());
        // The run's work is a span of its caller's trace, with the trace id in the MDC (see RunTracing).
        try (RunTracing.Traced traced = tracing.begin(run)) {
            // Two lines per run: built by concatenation, since printf-style formatting (a Formatter per call, its
            // DecimalFormatSymbols per number) cost more than the rest of the line in the profile (bench/README.md).
            LOG.info("Run " + run.id() + " of " + run.taskName() + " started (trigger " + run.trigger()
                    + (run.dryRun() ? ", dry run)" : ")"));
            metrics.started(run);
            RunHandle waiting = handles.find(run.id());
            if (waiting != null) {
                waiting.moved(run); // a client whose wait ends now learns the run is RUNNING here, not still QUEUED
            }
            RunOutcome refused = handover.refusal(task, run, control);
            RunOutcome outcome = refused != null ? refused : invoker.invoke(task, run, params, control);
            if (outcome.inDoubt()) {
                // Settled from its commit marker; one that never committed can never commit now, so another attempt
                // is safe, whatever the failure was (the transaction manager does not say).
                inDoubt.resolve(task, run, outcome).thenAccept(done -> {
                    traced.finished(done);
                    end(task, params, done, done.status() == RunStatus.FAILED);
                });
                return null;
            }
            RunRecord done = run.finished(outcome.status(), outcome.resultJson(), outcome.changesJson(),
                    outcome.error(), node.now());
            traced.finished(done);
            return end(task, params, done, outcome.retryable());
        } finally {
            MDC.remove("runId");
            MDC.remove("task");
        }
    }

    /** Logs and records a run's end, with its next attempt when it may have one; returns that attempt's backoff. */
    private Duration end(RegisteredTask task, TaskParameters params, RunRecord done, boolean retryable) {
        RunRecord next = null;
        Duration backoff = null;
        if (retryable && !done.dryRun() && task.retry().allowsAnotherAfter(done.attempt())) {
            next = done.retry(RunIds.next(node.clock()), done.finishedAt(), node.name());
            backoff = task.retry().delayAfter(done.attempt());
            LOG.info("Run " + done.id() + " of " + done.taskName() + " " + done.status() + " in "
                    + done.durationMs() + " ms (trigger " + done.trigger() + ")" + why(task, params, done)
                    + "; attempt " + next.attempt()
                    + " follows in " + backoff.toMillis() + " ms as run " + next.id());
        } else {
            LOG.info("Run " + done.id() + " of " + done.taskName() + " " + done.status() + " in "
                    + done.durationMs() + " ms (trigger " + done.trigger() + ")" + why(task, params, done));
        }
        record(new RunEnd(done, task.concurrency() != ConcurrencyPolicy.ALLOW, next,
                next == null ? null : next.queuedAt().plus(backoff)));
        return backoff;
    }

    // Why a run did not succeed, on its last line: an operator reading the log should not need the API for it.
    private static String why(RegisteredTask task, TaskParameters params, RunRecord done) {
        if (done.status() == RunStatus.SUCCEEDED || done.error() == null || done.error().message() == null) {
            return "";
        }
        return ": " + Secrets.of(task.params(), params.asMap()).mask(done.error().message());
    }

    /** A claimed run that can no longer run here (its task is gone, its parameters no longer fit): CANCELLED. */
    void cancelUnrunnable(RunRecord run, String problem) {
        LOG.warnf("Run %s of %s cannot run: %s", run.id(), run.taskName(), problem);
        record(new RunEnd(run.finished(RunStatus.CANCELLED, null, null, RunError.of("cancelled: " + problem),
                node.now()), false, null, null));
    }

    /** Records the end of a run still executing here when the node shut down; its transaction dies with the node. */
    void recordCancelledAtShutdown(RunRecord run) {
        record(new RunEnd(run.finished(RunStatus.CANCELLED, null, null, RunError.of("cancelled: the node shut down"
                + " before the run ended; its transaction was rolled back"), node.now()), true, null, null));
    }

    private void record(RunEnd finish) {
        RunRecord done = finish.done();
        writer.finish(finish).whenComplete((written, failure) -> {
            RunHandle handle = handles.find(done.id());
            if (failure != null) {
                Throwable cause = Futures.cause(failure);
                if (cause instanceof HistoryUnavailableException) {
                    // Kept by the writer and recorded once history answers again; the client learns the outcome now.
                    LOG.warnf("Run %s of %s ended %s but history is unavailable; recording it later", done.id(),
                            done.taskName(), done.status());
                    // Counted once written (recorded below): another node may settle it first and count it.
                    if (handle != null) {
                        handle.moved(done);
                    }
                } else {
                    LOG.errorf(cause, "Run %s of %s ended %s but could not be recorded", done.id(), done.taskName(),
                            done.status());
                    if (handle != null) {
                        handle.lost(cause);
                    }
                }
            } else if (written) {
                countEnd(done); // before the client hears of it: a scrape after the answer counts it
                if (handle != null && finish.nextAttempt() != null) {
                    handle.follow(handles.watch(finish.nextAttempt()));
                } else if (handle != null) {
                    handle.moved(done);
                }
            } else {
                reconciler.execute(() -> settledElsewhere(done, handle, "ended"));
            }
        });
    }

    // On the history writer's thread, before the waiting client is answered: nothing here may keep that answer back.
    private void countEnd(RunRecord done) {
        try {
            metrics.finished(done);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s of %s: its end was not counted in the metrics: %s", done.id(), done.taskName(), e);
        }
    }

    @Override
    public void recorded(RunRecord done, boolean written) {
        if (written) {
            countEnd(done);
            LOG.infof("Run %s of %s recorded as %s after history came back", done.id(), done.taskName(), done.status());
        } else {
            reconciler.execute(() -> settledElsewhere(done, handles.find(done.id()), "ended while history was down"));
        }
    }

    /**
     * The rule when this node's outcome lost its compare-and-set: history's first record stands (another node settled
     * the run, taking this one for dead). Where the two disagree, the operator is told which run, both outcomes and
     * both nodes, and {@code ormtask_runs_outcome_conflicts_total} counts it.
     */
    private void settledElsewhere(RunRecord done, RunHandle handle, String how) {
        RunRecord recorded;
        try {
            recorded = history.find(done.id()).orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s of %s %s %s here, but history already held another record, which cannot be read now: %s",
                    done.id(), done.taskName(), how, done.status(), e.getMessage());
            return;
        }
        if (recorded == null) {
            LOG.warnf("Run %s of %s %s %s here, but its history row is gone", done.id(), done.taskName(), how,
                    done.status());
            if (handle != null) {
                handle.moved(done);
            }
            return;
        }
        // History does not say which node settled a run (its node is the one that ran it); the record's error does.
        String settled = recorded.error() == null ? "no error" : recorded.error().message();
        if (recorded.status() == done.status()) {
            LOG.infof("Run %s of %s %s %s here; another node had already recorded it %s (%s)", done.id(),
                    done.taskName(), how, done.status(), recorded.status(), settled);
        } else {
            metrics.outcomeConflict(done);
            LOG.errorf("Run %s of %s %s %s on node %s, but another node had already recorded it %s (%s). History"
                    + " keeps the first record; check the task's own data for this run.", done.id(), done.taskName(),
                    how, done.status(), done.node(), recorded.status(), settled);
        }
        if (handle != null) {
            handle.moved(recorded.status().isTerminal() ? recorded : done);
        }
    }
}
