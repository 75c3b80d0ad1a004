package dev.ormtask.run;

import java.time.Duration;

/** The queue shared by every node holds as many runs as it may: the client should come back after {@link #retryAfter()}. */
public class CapacityExceededException extends RuntimeException {

    private final Duration retryAfter;

    CapacityExceededException(long queued, int maxQueued, Duration retryAfter) {
        super((queued == 1 ? "1 run is" : queued + " runs are") + " queued across the cluster, at the limit of "
                + maxQueued + " (ormtask.run.max-queued); retry later");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
