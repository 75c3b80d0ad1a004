package dev.ormtask.run;

import java.time.Duration;

/** Every worker is busy and the queue is full: the client should come back after {@link #retryAfter()}. */
public class CapacityExceededException extends RuntimeException {

    private final Duration retryAfter;

    CapacityExceededException(int workers, int queue, Duration retryAfter) {
        super("all " + workers + " workers are busy and the queue of " + queue + " runs is full; retry later");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
