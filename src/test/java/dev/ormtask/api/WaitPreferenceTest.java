package dev.ormtask.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a start reads RFC 7240's Prefer: which preferences it honours, and what it answers in Preference-Applied. */
class WaitPreferenceTest {

    /** The defaults: 30 s when the client does not say, at most 300 s. */
    private record Limits(Duration defaultWait, Duration maxWait, int maxBodyBytes,
            java.util.Optional<Long> maxBodyBytesInFlight, int maxParameters, int maxParameterLength)
            implements ApiConfig {}

    private static final ApiConfig LIMITS = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(300), 65536,
            java.util.Optional.empty(), 64, 4096);

    private static WaitPreference prefer(String header) {
        return WaitPreference.of(null, header, LIMITS);
    }

    @Test
    void aQuotedWaitIsAWait() {
        assertEquals(new WaitPreference(Duration.ZERO, "wait=0"), prefer("wait=\"0\""));
    }

    @Test
    void aWaitTooLargeForALongIsCappedLikeAnyOther() {
        assertEquals(new WaitPreference(Duration.ofSeconds(300), "wait=300"), prefer("wait=9999999999999999999999"));
        assertEquals(new WaitPreference(Duration.ofSeconds(300), "wait=300"), prefer("wait=100000"));
    }

    @Test
    void leadingZerosDoNotMakeAWaitLong() {
        assertEquals(new WaitPreference(Duration.ofSeconds(1), "wait=1"), prefer("wait=0000000000000000000001"));
        // Only zeros: a possessive match kept them all, and 19 digits were read as too large, a wait of 300 s.
        assertEquals(new WaitPreference(Duration.ZERO, "wait=0"), prefer("wait=0000000000000000000"));
    }

    @Test
    void preferOnSeveralLinesIsOneList() {
        assertEquals(new WaitPreference(Duration.ofSeconds(5), "respond-async, wait=5"),
                prefer(HeaderElement.joined(List.of("respond-async", "wait=5"))));
        assertNull(HeaderElement.joined(List.of()));
        assertEquals(new WaitPreference(Duration.ofSeconds(10), "wait=10"),
                prefer(HeaderElement.joined(List.of("foo=\"x", "wait=10"))), "a line's open quote ends with it");
    }

    @Test
    void whatFollowsASemicolonIsAParameterNotAPreference() {
        assertEquals(new WaitPreference(Duration.ofSeconds(30), null), prefer("handling=lenient; respond-async"));
        assertEquals(new WaitPreference(Duration.ZERO, "respond-async"), prefer("respond-async; foo=bar"));
    }

    @Test
    void respondAsyncWithAWaitWaitsThatLongInEitherOrder() {
        WaitPreference both = new WaitPreference(Duration.ofSeconds(5), "respond-async, wait=5");
        assertEquals(both, prefer("respond-async, wait=5"));
        assertEquals(both, prefer("wait=5,respond-async"));
        assertEquals(Duration.ofSeconds(5), WaitPreference.forRead(null, "respond-async, wait=5", LIMITS).duration(),
                "a read of one run waits too");
    }

    @Test
    void aPreferenceThatIsNotUnderstoodIsIgnored() {
        assertEquals(new WaitPreference(Duration.ofSeconds(30), null), prefer("wait=-3"));
        assertEquals(new WaitPreference(Duration.ofSeconds(30), null), prefer("return=minimal"));
        assertNull(WaitPreference.forRead(null, "wait=soon", LIMITS), "a read without a wait answers at once");
        assertEquals(new WaitPreference(Duration.ZERO, "respond-async"), prefer("RESPOND-ASYNC"));
    }

    @Test
    void aCommaInAQuotedValueSeparatesNoPreference() {
        // Split at every ',', this was read as a wait of 5 s, which the client never asked for.
        assertEquals(new WaitPreference(Duration.ofSeconds(30), null), prefer("foo=\"x,wait=5,y\""));
        assertEquals(new WaitPreference(Duration.ZERO, "respond-async"), prefer("foo=\"a, b\", respond-async"));
    }

    @Test
    void respondAsyncIsNamedAppliedOnlyOnA202() {
        WaitPreference both = prefer("respond-async, wait=5");
        assertEquals("respond-async, wait=5", both.appliedTo(true));
        assertEquals("wait=5", both.appliedTo(false), "a run that ended within the wait was answered synchronously");
        assertNull(prefer("respond-async").appliedTo(false));
        assertEquals("wait=0", prefer("wait=0").appliedTo(false));
        assertNull(prefer(null).appliedTo(true));
    }
}
