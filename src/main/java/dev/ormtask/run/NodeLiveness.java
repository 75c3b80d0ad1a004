package dev.ormtask.run;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Self-fencing: once this node has not written its heartbeat for nearly {@code ormtask.run.abandoned-after}, the
 * other nodes may take it for dead and settle its runs (and retry them). From then on its runs roll back instead of
 * committing, so that no run commits twice.
 */
@Singleton
class NodeLiveness {

    private final Clock clock;
    private final Duration commitWindow;
    private volatile Instant lastBeat;

    NodeLiveness(Clock clock, RunConfig config) {
        this.clock = clock;
        // Stop short of the limit by a heartbeat interval (at most half the limit): the commit itself and the
        // clocks of the other nodes need that much room.
        Duration margin = config.heartbeatInterval().compareTo(config.abandonedAfter().dividedBy(2)) < 0
                ? config.heartbeatInterval()
                : config.abandonedAfter().dividedBy(2);
        this.commitWindow = config.abandonedAfter().minus(margin);
        this.lastBeat = clock.instant();
    }

    /** This node's heartbeat was written at {@code at}. */
    void beat(Instant at) {
        lastBeat = at;
    }

    /** Null while a run may commit; else why not. */
    String commitRefusal() {
        Duration silent = Duration.between(lastBeat, clock.instant());
        if (silent.compareTo(commitWindow) < 0) {
            return null;
        }
        return "not committed: this node has not written its heartbeat for " + silent.toSeconds() + " s, so other"
                + " nodes may already have settled this run (ormtask.run.abandoned-after); it was rolled back";
    }
}
