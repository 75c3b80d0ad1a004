package dev.ormtask.run;

import dev.ormtask.history.DuplicateFireException;
import dev.ormtask.history.DuplicateRequestException;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.TaskStates;
import dev.ormtask.history.TaskStates.ActiveRun;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.RegisteredTask;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Enforces a task's concurrency policy across every replica with the {@code task_state} row: a FORBID or REPLACE
 * run takes the row before it is recorded and lets go when it ends. ALLOW tasks never touch it.
 */
@Singleton
class ConcurrencyGuard {

    // A holder whose run row is missing this long after taking the task died between the two statements.
    private static final Duration ORPHAN_AFTER = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 5;
    // A start is recorded within milliseconds of taking its task (one group commit); this bounds a history outage.
    private static final Duration RECORDING_WAIT = Duration.ofSeconds(2);

    private final TaskStates states;
    private final RunHistory history;
    private final RunCanceller canceller;
    private final Clock clock;

    ConcurrencyGuard(TaskStates states, RunHistory history, RunCanceller canceller, NodeIdentity node) {
        this.states = states;
        this.history = history;
        this.canceller = canceller;
        this.clock = node.clock();
    }

    RunHandle start(RegisteredTask task, RunRecord run, Supplier<RunHandle> submit) {
        if (task.concurrency() == ConcurrencyPolicy.ALLOW) {
            return submit.get();
        }
        take(task, run);
        try {
            return submit.get();
        } catch (RuntimeException e) {
            states.release(task.name(), run.id());
            throw e;
        }
    }

    private void take(RegisteredTask task, RunRecord run) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ActiveRun> held = states.acquire(task.name(), run.id(), run.scheduledAt(), clock.instant());
            if (held.isEmpty()) {
                return;
            }
            ActiveRun active = held.get();
            if (run.scheduledAt() != null && run.scheduledAt().equals(active.fireAt())) {
                throw new DuplicateFireException(task.name(), run.scheduledAt()); // another replica runs this fire
            }
            Optional<RunRecord> holder = run.idempotencyKey() == null ? history.find(active.runId()) : recorded(active);
            if (holder.isPresent() && !holder.get().status().isTerminal()
                    && run.idempotencyKey() != null && run.idempotencyKey().equals(holder.get().idempotencyKey())) {
                // The same request again, racing the first: it is answered with the first run (RunService), which it
                // must neither replace nor be refused for (outside check: duplicates cancelled their own run).
                throw new DuplicateRequestException(task.name(), run.idempotencyKey());
            }
            boolean replacing = !isStale(active, holder);
            if (replacing && task.concurrency() == ConcurrencyPolicy.FORBID) {
                throw new ConcurrencyConflictException(task.name(), active.runId());
            }
            boolean cancelled = replacing && cancel(active.runId(), run);
            if (states.takeOver(task.name(), active.runId(), run.id(), run.scheduledAt(), clock.instant())) {
                if (replacing && !cancelled) {
                    // Not recorded yet when asked: if it is now, it is cancelled here; if not, it finds on its
                    // worker that it no longer holds the task (ConcurrencyHandover) and ends without running.
                    cancel(active.runId(), run);
                }
                return;
            }
        }
        throw new ConcurrencyConflictException(task.name(), "(changing hands too fast; retry)");
    }

    // False when there was nothing to cancel: the holder is not recorded yet (a start a moment ahead of this one)
    // or has just ended.
    private boolean cancel(String holder, RunRecord run) {
        try {
            canceller.cancel(holder, "replaced by run " + run.id());
            return true;
        } catch (RunNotFoundException | RunFinishedException e) {
            return false;
        }
    }

    // The holder ended without letting go (a crash between its last two statements), or never recorded itself.
    private boolean isStale(ActiveRun active, Optional<RunRecord> holder) {
        return holder.map(r -> r.status().isTerminal())
                .orElse(active.since().isBefore(clock.instant().minus(ORPHAN_AFTER)));
    }

    // The holder's record, waiting a moment for a holder that took the task but is not recorded yet (a start a step
    // ahead of this one): a request repeated with its Idempotency-Key can only be told from another start by its row.
    private Optional<RunRecord> recorded(ActiveRun active) {
        long deadline = System.nanoTime() + RECORDING_WAIT.toNanos();
        while (true) {
            Optional<RunRecord> found = history.find(active.runId());
            if (found.isPresent() || System.nanoTime() > deadline
                    || active.since().isBefore(clock.instant().minus(ORPHAN_AFTER))) {
                return found;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }
}
