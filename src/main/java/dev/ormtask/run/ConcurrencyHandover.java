package dev.ormtask.run;

import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.history.TaskStates;
import dev.ormtask.history.TaskStates.ActiveRun;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.RegisteredTask;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The last check before a FORBID or REPLACE run calls its task: it must still hold its task (a REPLACE start may have
 * taken it while this run was being recorded, too early to be cancelled), and a REPLACE run waits for the runs it
 * replaced to roll back, so that two runs of the task never execute at once.
 */
@Singleton
class ConcurrencyHandover {

    private static final Logger LOG = Logger.getLogger(ConcurrencyHandover.class);
    private static final long POLL_MILLIS = 50;
    private static final int OTHERS_READ = 20;
    private static final Duration HOLDER_CHECK = Duration.ofMillis(500);

    private final TaskStates states;
    private final RunHistory history;
    private final RunHandles handles;

    ConcurrencyHandover(TaskStates states, RunHistory history, RunHandles handles) {
        this.states = states;
        this.history = history;
        this.handles = handles;
    }

    /** Null when the run may call its task now, else the outcome it ends with instead. */
    RunOutcome refusal(RegisteredTask task, RunRecord run, RunControl control) {
        if (task.concurrency() == ConcurrencyPolicy.ALLOW) {
            return null;
        }
        if (control.isStopped()) {
            // cancelled between its record and now (replaced, most likely): it has not begun, so nothing to undo
            return RunOutcome.cancelled(RunError.of("cancelled: " + control.reason() + " before it began"));
        }
        Optional<ActiveRun> holder = states.holder(task.name());
        if (holder.isPresent() && !holder.get().runId().equals(run.id())) {
            String other = holder.get().runId();
            return RunOutcome.cancelled(RunError.of(task.concurrency() == ConcurrencyPolicy.REPLACE
                    ? "cancelled: replaced by run " + other + " before it began"
                    : "cancelled: run " + other + " held the task (FORBID) when this one was to begin"));
        }
        if (task.concurrency() != ConcurrencyPolicy.REPLACE) {
            return null;
        }
        long deadline = System.nanoTime() + task.timeout().toNanos();
        // Until no other run of the task is RUNNING: read again after each wait, since one read sees at most
        // OTHERS_READ of them and a crowd of replaced runs may stand before the one still executing.
        for (List<RunRecord> others = othersRunning(task, run); !others.isEmpty(); others = othersRunning(task, run)) {
            LOG.info("Run " + run.id() + " of " + task.name() + " waits for " + ids(others) + ", which it replaces,"
                    + " to end");
            CompletableFuture<Void> ended = CompletableFuture.allOf(others.stream()
                    .map(other -> handles.watch(other).finished().exceptionally(lost -> null))
                    .toArray(CompletableFuture[]::new));
            long nextHolderCheck = System.nanoTime() + HOLDER_CHECK.toNanos();
            // At least one pause per read: a run whose end this node learnt but history has not taken yet (an
            // outage) still reads RUNNING, and must not be read again in a busy loop.
            do {
                if (control.isStopped()) {
                    return RunOutcome.cancelled(RunError.of("cancelled: " + control.reason()
                            + "; it had not begun, waiting for " + ids(others) + " it replaces to end"));
                }
                if (System.nanoTime() > deadline) {
                    return RunOutcome.timedOut(RunError.of("timed out after " + task.timeoutText() + " waiting for "
                            + ids(others) + ", which it replaces, to end; the task was not called"));
                }
                if (System.nanoTime() > nextHolderCheck) {
                    // Replaced in turn, maybe from another node whose cancel reaches this one only at its next poll.
                    String newer = states.holder(task.name()).map(ActiveRun::runId).orElse(null);
                    if (newer != null && !newer.equals(run.id())) {
                        return RunOutcome.cancelled(RunError.of("cancelled: replaced by run " + newer
                                + " before it began"));
                    }
                    nextHolderCheck = System.nanoTime() + HOLDER_CHECK.toNanos();
                }
                if (!await(ended)) {
                    return RunOutcome.cancelled(RunError.of("cancelled: the node stopped while it waited for "
                            + ids(others) + ", which it replaces, to end"));
                }
            } while (!ended.isDone());
        }
        return null;
    }

    private static String ids(List<RunRecord> runs) {
        return (runs.size() == 1 ? "run " : "runs ") + String.join(", ", runs.stream().map(RunRecord::id).toList());
    }

    private List<RunRecord> othersRunning(RegisteredTask task, RunRecord run) {
        return history.page(task.name(), RunStatus.RUNNING, null, OTHERS_READ).stream()
                .filter(r -> !r.id().equals(run.id()))
                .toList();
    }

    // Waits up to POLL_MILLIS for the runs to end, the whole time if they already have (see the loop above). False
    // when the worker was interrupted (the node is stopping its pool).
    private static boolean await(CompletableFuture<Void> ended) {
        try {
            if (ended.isDone()) {
                Thread.sleep(POLL_MILLIS);
            } else {
                ended.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException stillRunningOrLost) {
            // a handle that failed is done: its run's end was not recorded here, and waiting longer would not help
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
