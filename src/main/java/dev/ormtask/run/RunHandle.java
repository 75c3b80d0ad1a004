package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A run just accepted: its record as it is now, and a future that completes with its terminal record. */
public final class RunHandle {

    private final RunRecord accepted;
    private volatile RunRecord current;
    private final CompletableFuture<RunRecord> finished = new CompletableFuture<>();
    private final AtomicBoolean followed = new AtomicBoolean();
    private volatile RunHandle retry;

    RunHandle(RunRecord accepted) {
        this.accepted = accepted;
        this.current = accepted;
    }

    /**
     * The record as this node accepted or claimed it: what a worker here starts from, whatever the handle has
     * learnt since (a run followed elsewhere moves on without this node).
     */
    RunRecord accepted() {
        return accepted;
    }

    /** True the first time only: the run left this node (claimed, cancelled) and is now followed through history. */
    boolean startFollowing() {
        return followed.compareAndSet(false, true);
    }

    /** The latest state this node knows of: QUEUED, RUNNING or terminal (of the latest attempt, after a retry). */
    public RunRecord current() {
        RunHandle next = retry;
        return next != null ? next.current() : current;
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

    void moved(RunRecord now) {
        current = now;
        if (now.status().isTerminal()) {
            finished.complete(now);
        }
    }

    void lost(Throwable why) {
        finished.completeExceptionally(why);
    }
}
