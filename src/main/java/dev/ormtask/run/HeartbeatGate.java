package dev.ormtask.run;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/**
 * Holds the heartbeat back until this node's recovery has started (its first beat is in {@link RunRecovery}'s start),
 * then lets it beat through the rest of the start and the shutdown drain, and closes once the drain is over: a beat
 * after that found the history pool closed and warned on every clean stop. Not {@link dev.ormtask.config.BeforeStart}:
 * a start whose last steps took more than a beat's interval left the node silent long enough to refuse its own
 * commits (self-fencing).
 */
@Singleton
class HeartbeatGate implements Scheduled.SkipPredicate {

    private volatile boolean open;

    void open() {
        open = true;
    }

    /** The node's runs have all ended at a stop: nothing needs its heartbeat any more. */
    void close() {
        open = false;
    }

    boolean closed() {
        return !open;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !open;
    }
}
