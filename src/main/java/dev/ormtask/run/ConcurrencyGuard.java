package dev.ormtask.run;

import dev.ormtask.history.DuplicateFireException;
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

    private final TaskStates states;
    private final RunHistory history;
    private final RunCanceller canceller;
    private final Clock clock;

    ConcurrencyGuard(TaskStates states, RunHistory history, RunCanceller canceller, Clock clock) {
        this.states = states;
        this.history = history;
        this.canceller = canceller;
        this.clock = clock;
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
            boolean replacing = !isStale(active);
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
    private boolean isStale(ActiveRun active) {
        return history.find(active.runId())
                .map(r -> r.status().isTerminal())
                .orElse(active.since().isBefore(clock.instant().minus(ORPHAN_AFTER)));
    }
}
