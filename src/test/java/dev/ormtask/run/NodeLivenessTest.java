package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ormtask.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory self-fence: when a node's own silence refuses its commits, and when it must not. */
class NodeLivenessTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void anOrdinaryWaitBetweenTwoBeatsNeverRefusesACommitEvenWithATightLimit() {
        // Beat every second, taken for dead after two: just before the next beat, a second (and a little) has passed.
        NodeLiveness liveness = new NodeLiveness(clock, Duration.ofSeconds(1), Duration.ofSeconds(2));
        Instant started = clock.instant();
        clock.advance(Duration.ofMillis(1300));
        assertNull(liveness.commitRefusal(started));
        liveness.beat(clock.instant());
        clock.advance(Duration.ofMillis(1300));
        assertNull(liveness.commitRefusal(started), "a late beat is not a silence others act on");
    }

    @Test
    void aSilenceCloseToTheLimitRefusesCommits() {
        NodeLiveness liveness = new NodeLiveness(clock, Duration.ofSeconds(1), Duration.ofSeconds(2));
        clock.advance(Duration.ofMillis(1600));
        assertNotNull(liveness.commitRefusal(clock.instant()));

        NodeLiveness defaults = new NodeLiveness(clock, Duration.ofSeconds(5), Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(24));
        assertNull(defaults.commitRefusal(clock.instant()));
        clock.advance(Duration.ofSeconds(2));
        assertNotNull(defaults.commitRefusal(clock.instant()));
    }

    @Test
    void aBeatAfterALongSilenceDoesNotReviveARunThatLivedThroughIt() {
        NodeLiveness liveness = new NodeLiveness(clock, Duration.ofSeconds(1), Duration.ofSeconds(6));
        Instant started = clock.instant();
        clock.advance(Duration.ofSeconds(10)); // frozen
        liveness.beat(clock.instant());          // the heartbeat thread wins the race on resuming
        assertNotNull(liveness.commitRefusal(started), "the run lived through the freeze");
        assertNull(liveness.commitRefusal(clock.instant()), "a run started after it may commit");
    }

    @Test
    void aHeartbeatSlowerThanTheLimitStillLeavesHalfTheLimitToCommitIn() {
        NodeLiveness liveness = new NodeLiveness(clock, Duration.ofHours(1), Duration.ofSeconds(4));
        clock.advance(Duration.ofMillis(1900));
        assertNull(liveness.commitRefusal(clock.instant()));
        clock.advance(Duration.ofMillis(200));
        assertNotNull(liveness.commitRefusal(clock.instant()));
    }
}
