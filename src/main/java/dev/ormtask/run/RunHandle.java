package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import java.util.concurrent.CompletableFuture;

/** A run someone waits for: its record as this node last knew it, and a future completed with its terminal record. */
public final class RunHandle {

    private volatile RunRecord current;
    private final CompletableFuture<RunRecord> finished = new CompletableFuture<>();
    private volatile RunHandle retry;

    RunHandle(RunRecord run) {
        this.current = run;
        if (run.status().isTerminal()) {
            finished.complete(run);
        }
    }

    /** The latest state this node knows of: QUEUED, RUNNING or terminal (of the latest attempt, after a retry). */
    public RunRecord current() {
        RunHandle next = retry;
        return next != null ? next.current() : current;
    }

    /** The run's own id, whatever attempt the handle follows now. */
    String id() {
        return current.id();
    }

    /** Whether this handle follows a later attempt now. */
    boolean followsRetry() {
        return retry != null;
    }

    /** The run failed and will be tried again: from now on this handle follows the next attempt. */
    void follow(RunHandle next) {
        retry = next;
        next.finished.whenComplete((done, failure) -> {
            if (failure != null) {
                finished.completeExceptionally(failure);
            } else {
                finished.complete(done);
            }
        });
    }

    public CompletableFuture<RunRecord> finished() {
        return finished;
    }

    /** A newer state of the run; an ended run does not move again (a late read of history cannot undo its end). */
    void moved(RunRecord now) {
        if (finished.isDone() || retry != null) {
            return;
        }
        current = now;
        if (now.status().isTerminal()) {
            finished.complete(now);
        }
    }

    void lost(Throwable why) {
        finished.completeExceptionally(why);
    }
}
