package dev.ormtask.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** A warning repeated during an outage: the first at once, then one a minute that counts the ones left out. */
class RepeatedWarningTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RepeatedWarning warning = new RepeatedWarning(Logger.getLogger(RepeatedWarningTest.class),
            Duration.ofMinutes(1), now::get);

    @Test
    void logsTheFirstThenOnceAMinuteWithHowManyWereLeftOut() {
        assertEquals("history is down", warning.next("history is down"));
        for (int i = 0; i < 500; i++) {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            assertNull(warning.next("history is down"), "within the minute: left out");
        }
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertEquals("history is down (and 500 more like it in the last 60 s)", warning.next("history is down"));
        assertNull(warning.next("history is down"));
    }

    @Test
    void aWarningAfterAQuietMinuteIsLoggedAsItIs() {
        warning.next("history is down");
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertEquals("history is down again", warning.next("history is down again"));
    }
}
