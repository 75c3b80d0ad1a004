package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code ormtask.run.max-queued}: how many runs may wait in the queue of every node together. The number is counted
 * in history at most once a second (an index-only count) and kept up to date in between with this node's own
 * admissions, claims and cancels, so a start costs no query; replicas admitting at once may overshoot the limit by a
 * second's worth.
 */
@Singleton
class BacklogLimit {

    private static final Logger LOG = Logger.getLogger(BacklogLimit.class);
    private static final long REFRESH_MS = 1_000;

    private final RunHistory history;
    private final RunConfig config;
    private final Clock clock;
    private final AtomicLong queued = new AtomicLong();
    private volatile long countedAt = Long.MIN_VALUE;

    BacklogLimit(RunHistory history, RunConfig config, Clock clock, RunMetrics metrics) {
        this.history = history;
        this.config = config;
        this.clock = clock;
        metrics.watchQueued(this, BacklogLimit::queued);
    }

    /** Throws {@link CapacityExceededException} when the queue is full; else counts one more queued run. */
    void admitQueued() {
        if (clock.millis() - countedAt >= REFRESH_MS) {
            recount();
        }
        long now = queued.incrementAndGet();
        if (now > config.maxQueued()) {
            queued.decrementAndGet();
            throw new CapacityExceededException(now - 1, config.maxQueued(), config.retryAfter());
        }
    }

    /** A queued run this node admitted was not recorded after all. */
    void notQueued() {
        queued.decrementAndGet();
    }

    /**
     * This node took {@code runs} out of the queue (claimed or cancelled them): counted at once, so that a start
     * right after is not refused for a queue that has already emptied. Other nodes' claims show at the next recount.
     */
    void left(int runs) {
        queued.updateAndGet(now -> Math.max(0, now - runs));
    }

    /**
     * Counts the queued runs in history again (also every claim tick, so the gauge stays current); the count, or -1
     * when history cannot be read now.
     */
    long recount() {
        try {
            long now = history.queuedCount();
            queued.set(now);
            countedAt = clock.millis();
            return now;
        } catch (RuntimeException e) {
            LOG.debugf("Could not count queued runs: %s", e.getMessage());
            return -1;
        }
    }

    double queued() {
        return queued.get();
    }
}
