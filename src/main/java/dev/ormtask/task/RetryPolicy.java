package dev.ormtask.task;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How often a task is tried for failures a retry can fix, and how long to wait between attempts. */
public record RetryPolicy(int maxAttempts, Duration backoff) {

    private static final Duration MAX_DELAY = Duration.ofMinutes(10);

    /** Whether a run that failed on this attempt gets another. */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /**
     * The wait before attempt {@code attempt + 1}: backoff × 2^(attempt−1), capped at 10 minutes, then a random
     * point in its upper half, so that replicas retrying the same conflict do not collide again.
     */
    public Duration delayAfter(int attempt) {
        long base = Math.min(MAX_DELAY.toMillis(), backoff.toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
