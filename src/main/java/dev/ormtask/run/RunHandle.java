package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import java.util.concurrent.CompletableFuture;

/** A run just accepted: its record as it is now, and a future that completes with its terminal record. */
public final class RunHandle {

    private volatile RunRecord current;
    private final CompletableFuture<RunRecord> finished = new CompletableFuture<>();

    RunHandle(RunRecord accepted) {
        this.current = accepted;
    }

    /** The latest state this node knows of: QUEUED, RUNNING or terminal. */
    public RunRecord current() {
        return current;
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
