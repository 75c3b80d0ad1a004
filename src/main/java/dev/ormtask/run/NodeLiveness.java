package dev.ormtask.run;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Self-fencing in memory, the first of two fences (the second, exact one is in the task's database: see
 * {@link CommitMarkers}). Once this node has not written its heartbeat for nearly {@code ormtask.run.abandoned-after},
 * the other nodes may take it for dead and settle its runs; from then on its runs roll back instead of committing.
 * A silence that long also dooms every run that began before it ended: on resuming from a freeze, the heartbeat
 * thread may well beat again before a run's own thread reaches its commit, and that beat must not revive the run.
 */
@Singleton
class NodeLiveness {

    private final Clock clock;
    private final Duration commitWindow;
    private final Duration doomingSilence;
    private volatile Instant lastBeat;
    // Runs that started before this instant lived through a silence long enough to be taken for dead.
    private volatile Instant doomedBefore = Instant.MIN;

    @Inject
    NodeLiveness(NodeIdentity node, RunConfig config) {
        this(node.clock(), config.heartbeatInterval(), config.abandonedAfter());
    }

    NodeLiveness(Clock clock, Duration heartbeatInterval, Duration abandonedAfter) {
        this.clock = clock;
        // Stop short of the limit by a margin that the commit itself and the clocks of the other nodes need, but
        // never so far short that an ordinary wait between two beats (one interval) already refuses commits: the
        // margin is at most a heartbeat interval, half the limit, and half the room the limit leaves above one
        // interval.
        Duration margin = min(heartbeatInterval, abandonedAfter.dividedBy(2));
        Duration room = abandonedAfter.minus(heartbeatInterval);
        if (!room.isNegative() && !room.isZero()) {
            margin = min(margin, room.dividedBy(2));
        }
        this.commitWindow = abandonedAfter.minus(margin);
        // A gap between two beats this long may have let other nodes settle this node's runs (half the margin for
        // their clocks); a shorter one, such as a beat a little late, cannot have.
        this.doomingSilence = abandonedAfter.minus(margin.dividedBy(2));
        this.lastBeat = clock.instant();
    }

    /** The shorter of two durations (also for RunRecovery's wait for a namesake's beat). */
    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** This node's heartbeat was written at {@code at}. */
    void beat(Instant at) {
        if (Duration.between(lastBeat, at).compareTo(doomingSilence) >= 0) {
            doomedBefore = at;
        }
        lastBeat = at;
    }

    /** Null while a run that started at {@code startedAt} may commit; else why not. */
    String commitRefusal(Instant startedAt) {
        Duration silent = Duration.between(lastBeat, clock.instant());
        if (silent.compareTo(commitWindow) >= 0) {
            return "not committed: this node has not written its heartbeat for " + silent.toSeconds() + " s, so other"
                    + " nodes may already have settled this run (ormtask.run.abandoned-after); it was rolled back";
        }
        if (startedAt != null && startedAt.isBefore(doomedBefore)) {
            return "not committed: this node went without writing its heartbeat for longer than other nodes wait"
                    + " (ormtask.run.abandoned-after) while this run was going, so they may have settled it; it was"
                    + " rolled back";
        }
        return null;
    }
}
