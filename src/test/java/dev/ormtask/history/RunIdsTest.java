package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    /** The Unix millisecond in the first 48 bits of a UUIDv7. */
    private static long millisOf(String id) {
        return UUID.fromString(id).getMostSignificantBits() >>> 16;
    }

    /**
     * A millisecond just after every id made so far in this JVM. Ids never go back, so a clock before the latest id
     * would not show in the id; staying close to now keeps later ids of other tests near the real time.
     */
    private static long freshMillis() {
        return Math.max(System.currentTimeMillis(), millisOf(RunIds.next(Clock.systemUTC()))) + 10;
    }

    private static Clock fixedAt(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static void assertStrictlyIncreasing(List<String> ids) {
        for (int i = 1; i < ids.size(); i++) {
            String previous = ids.get(i - 1);
            String current = ids.get(i);
            assertTrue(previous.compareTo(current) < 0, "id " + i + " " + current + " is not after " + previous);
        }
    }

    @Test
    void makesWellFormedVersion7Ids() {
        String id = RunIds.next(Clock.systemUTC());

        assertTrue(RunIds.isWellFormed(id), id);
        UUID uuid = UUID.fromString(id);
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant());
        assertEquals(uuid.toString(), id);
    }

    @Test
    void embedsTheClockMillisecond() {
        long millis = freshMillis();
        assertEquals(millis, millisOf(RunIds.next(fixedAt(millis))));
    }

    @Test
    void tenThousandIdsInOneMillisecondAreDistinctWellFormedAndIncreasing() {
        long millis = freshMillis();
        Clock clock = fixedAt(millis);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RunIds.next(clock));
        }

        for (String id : ids) {
            assertTrue(RunIds.isWellFormed(id), id);
            assertEquals(7, UUID.fromString(id).version(), id);
        }
        assertStrictlyIncreasing(ids);
        assertEquals(ids.size(), new HashSet<>(ids).size());
        assertEquals(millis, millisOf(ids.get(0)));
        assertTrue(millisOf(ids.get(ids.size() - 1)) >= millis);
    }

    @Test
    void idsFollowIncreasingClockValues() {
        long start = freshMillis();
        List<String> ids = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            Clock clock = fixedAt(start + step);
            for (int i = 0; i < 3; i++) {
                String id = RunIds.next(clock);
                assertEquals(start + step, millisOf(id), id);
                ids.add(id);
            }
        }
        assertStrictlyIncreasing(ids);
    }

    @Test
    void idsNeverGoBackWhenTheClockDoes() {
        long later = freshMillis() + 50;
        String first = RunIds.next(fixedAt(later));
        String second = RunIds.next(fixedAt(later - 40));

        assertTrue(first.compareTo(second) < 0, first + " then " + second);
        assertTrue(RunIds.isWellFormed(second), second);
    }

    @Test
    void rejectsNull() {
        assertFalse(RunIds.isWellFormed(null));
    }

    @Test
    void rejectsWrongLength() {
        String id = RunIds.next(Clock.systemUTC());
        assertFalse(RunIds.isWellFormed(""));
        assertFalse(RunIds.isWellFormed(id.substring(1)));
        assertFalse(RunIds.isWellFormed(id + "0"));
        assertFalse(RunIds.isWellFormed(id.replace("-", "")));
    }

    @Test
    void rejectsUppercase() {
        String id = RunIds.next(Clock.systemUTC());
        String upper = id.toUpperCase();
        // The random tail always holds some letter with overwhelming probability; make sure there is one.
        if (upper.equals(id)) {
            upper = "A" + id.substring(1);
        }
        assertFalse(RunIds.isWellFormed(upper), upper);
    }

    @Test
    void rejectsVersion4Uuid() {
        String v4 = UUID.randomUUID().toString();
        assertEquals(4, UUID.fromString(v4).version());
        assertFalse(RunIds.isWellFormed(v4), v4);
    }

    @Test
    void rejectsWrongVariant() {
        String id = RunIds.next(Clock.systemUTC());
        String wrongVariant = id.substring(0, 19) + "c" + id.substring(20);
        assertEquals(36, wrongVariant.length());
        assertFalse(RunIds.isWellFormed(wrongVariant), wrongVariant);
    }

    @Test
    void rejectsGarbage() {
        assertFalse(RunIds.isWellFormed("not-a-run-id-at-all-but-36-chars-xxx"));
        assertFalse(RunIds.isWellFormed("zzzzzzzz-zzzz-7zzz-8zzz-zzzzzzzzzzzz"));
        assertFalse(RunIds.isWellFormed("0190f0a0-0000-7000-8000-00000000000'"));
        assertFalse(RunIds.isWellFormed("0190f0a0-0000-7000-8000-000000000000\n"));
        assertTrue(RunIds.isWellFormed("0190f0a0-0000-7000-8000-000000000000"));
    }

    // --- RunError ---

    @Test
    void capsLongMessageAndStack() {
        RunError error = RunError.of(new IllegalStateException("m".repeat(10_000)));

        assertTrue(error.message().length() <= 2000, "message length " + error.message().length());
        assertTrue(error.message().startsWith("mmmm"));
        assertTrue(error.message().endsWith("…"));
        assertTrue(error.stackExcerpt().length() <= 4000, "stack length " + error.stackExcerpt().length());
        assertTrue(error.stackExcerpt().startsWith("java.lang.IllegalStateException: mmmm"));
        assertEquals("java.lang.IllegalStateException", error.exceptionClass());
    }

    @Test
    void capsWhenOuterAndRootMessagesAreBothLong() {
        Exception root = new SQLException("r".repeat(10_000));
        RunError error = RunError.of(new RuntimeException("o".repeat(10_000), root));

        assertTrue(error.message().length() <= 2000, "message length " + error.message().length());
        assertTrue(error.stackExcerpt().length() <= 4000, "stack length " + error.stackExcerpt().length());
        assertEquals("java.sql.SQLException", error.exceptionClass());
    }

    @Test
    void keepsShortMessageUnchanged() {
        RunError error = RunError.of(new IllegalArgumentException("olderThanDays must not be negative, was -1"));
        assertEquals("olderThanDays must not be negative, was -1", error.message());
    }

    @Test
    void namesRootCauseClassAndBothMessages() {
        Exception root = new SQLException("relation \"user_session\" does not exist");
        Exception middle = new IllegalStateException("query failed", root);
        RunError error = RunError.of(new RuntimeException("task failed", middle));

        assertEquals("java.sql.SQLException", error.exceptionClass());
        assertTrue(error.message().contains("task failed"), error.message());
        assertTrue(error.message().contains("relation \"user_session\" does not exist"), error.message());
        assertTrue(error.stackExcerpt().startsWith("java.lang.RuntimeException: task failed"), error.stackExcerpt());
        assertTrue(error.stackExcerpt().contains("Caused by: java.sql.SQLException"), error.stackExcerpt());
    }

    @Test
    void usesClassNameWhenRootHasNoMessage() {
        RunError error = RunError.of(new NullPointerException());
        assertEquals("NullPointerException", error.message());
        assertEquals("java.lang.NullPointerException", error.exceptionClass());
    }

    @Test
    void messageOnlyErrorIsCappedAndHasNoException() {
        RunError error = RunError.of("t".repeat(10_000));

        assertTrue(error.message().length() <= 2000, "message length " + error.message().length());
        assertTrue(error.message().endsWith("…"));
        assertNull(error.exceptionClass());
        assertNull(error.stackExcerpt());
    }

    @Test
    void stackExcerptShowsWhereTheErrorWasThrown() {
        RunError error = RunError.of(new IllegalStateException("here"));
        assertNotNull(error.stackExcerpt());
        assertTrue(error.stackExcerpt().contains("\tat " + RunIdsTest.class.getName()), error.stackExcerpt());
    }
}
