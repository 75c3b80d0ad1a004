package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code ormtask.run.max-queued}: how many runs may wait in the queue of every node together. The number is counted
 * in history at every claim tick ({@code ormtask.run.claim-interval}, an index-only count) and kept up to date in
 * between with this node's own admissions, claims and cancels, so a start costs no query and never waits for the
 * database (it may run on an event loop); replicas admitting at once may overshoot the limit by one tick's worth.
 */
@Singleton
class BacklogLimit {

    private static final Logger LOG = Logger.getLogger(BacklogLimit.class);

    private final RunHistory history;
    private final RunConfig config;
    private final AtomicLong queued = new AtomicLong();

    BacklogLimit(RunHistory history, RunConfig config, RunMetrics metrics) {
        this.history = history;
        this.config = config;
        metrics.watchQueued(this, BacklogLimit::queued);
    }

    /** Throws {@link CapacityExceededException} when the queue is full; else counts one more queued run. */
    void admitQueued() {
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
