package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunJournalStore.LineWrite;
import dev.ormtask.task.ParamSpec;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Secrets;
import dev.ormtask.testsupport.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of a run's journal, on a settable clock: the write throttle, the bounds, secrets, retries. */
class RunJournalTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void writesAProgressAtMostOncePerIntervalWhileTheRunGoesOn() {
        RunJournal journal = journal(500, 2000, Secrets.none());
        journal.progress(1, 100, "one");
        assertNotNull(journal.take(clock.instant(), false), "the first report is due at once");
        for (int ms = 100; ms < 1000; ms += 100) {
            clock.advance(Duration.ofMillis(100));
            journal.progress(ms / 100 + 1, 100, "more");
            assertNull(journal.take(clock.instant(), false), "not again within the second (at +" + ms + " ms)");
        }
        clock.advance(Duration.ofMillis(100)); // +1000 ms
        RunJournal.Batch second = journal.take(clock.instant(), false);
        assertNotNull(second);
        assertEquals(10, second.progress().done(), "the latest report wins; the ones between are never written");
        assertNull(journal.take(clock.instant(), false), "nothing new: nothing to write");
    }

    @Test
    void aClosedRunsRestIsDueAtOnce() {
        RunJournal journal = journal(500, 2000, Secrets.none());
        journal.progress(1, 2, "half");
        journal.take(clock.instant(), false);
        journal.progress(2, 2, "all");
        assertTrue(journal.close(), "something still to write");
        RunJournal.Batch last = journal.take(clock.instant(), false);
        assertEquals(2, last.progress().done());
        assertTrue(journal.drained());
    }

    /**
     * A flush takes a run's lines before it writes them: a run that ends with nothing left to take may still have its
     * last lines in a write that has not committed, so its end waits for the flusher all the same. A run that never
     * reported anything does not wait.
     */
    @Test
    void aClosedRunWaitsForAWriteInFlightButNotWhenItNeverReported() {
        RunJournal journal = journal(500, 2000, Secrets.none());
        journal.line("INFO", "the last line");
        assertNotNull(journal.take(clock.instant(), false), "taken by a flush that is still writing it");
        assertTrue(journal.close(), "the end waits for that flush");
        assertTrue(journal.drained());
        assertFalse(journal(500, 2000, Secrets.none()).close(), "nothing was ever reported: no wait");
    }

    @Test
    void unknownTotalsAndNegativeCountsAreTakenAsSaid() {
        RunJournal journal = journal(500, 2000, Secrets.none());
        journal.progress(-5, 0, null);
        RunJournal.Batch batch = journal.take(clock.instant(), false);
        assertEquals(0, batch.progress().done());
        assertNull(batch.progress().total());
    }

    @Test
    void keepsTheNewestLinesAndTrimsTheOlderOnes() {
        RunJournal journal = journal(3, 2000, Secrets.none());
        for (int i = 1; i <= 2; i++) {
            journal.line("INFO", "line " + i);
        }
        RunJournal.Batch first = journal.take(clock.instant(), false);
        assertEquals(List.of(1, 2), first.lines().stream().map(LineWrite::seq).toList());
        assertNull(first.trim(), "within the bound: nothing to delete");

        clock.advance(Duration.ofSeconds(1));
        for (int i = 3; i <= 7; i++) {
            journal.line("INFO", "line " + i);
        }
        RunJournal.Batch second = journal.take(clock.instant(), false);
        assertEquals(List.of(5, 6, 7), second.lines().stream().map(LineWrite::seq).toList(),
                "lines 3 and 4 fell out of the bound before they were written");
        assertEquals(4, second.trim().upToSeq(), "lines 1 and 2, written before, are deleted");
    }

    @Test
    void cutsLongLinesAndSaysSo() {
        RunJournal journal = journal(10, 100, Secrets.none());
        journal.line("INFO", "y".repeat(250));
        String kept = journal.take(clock.instant(), false).lines().get(0).message();
        assertEquals(100, kept.length());
        assertTrue(kept.endsWith("[cut: 150 more characters]"), kept);
    }

    @Test
    void masksSecretsInLinesAndProgress() {
        List<ParamSpec> specs = List.of(new ParamSpec("user", ParamType.STRING, true, null, ""),
                new ParamSpec("password", ParamType.STRING, true, null, "", true));
        Secrets secrets = Secrets.of(specs, Map.of("user", "alice", "password", "hunter22"));
        RunJournal journal = journal(10, 2000, secrets);
        journal.line("INFO", "alice logs in with hunter22");
        journal.progress(1, 2, "used hunter22");
        RunJournal.Batch batch = journal.take(clock.instant(), false);
        assertEquals("alice logs in with ****", batch.lines().get(0).message());
        assertEquals("used ****", batch.progress().message());
    }

    @Test
    void aBatchGivenBackIsWrittenNextTimeWithoutLosingNewerLines() {
        RunJournal journal = journal(4, 2000, Secrets.none());
        journal.line("INFO", "a");
        journal.line("INFO", "b");
        journal.progress(1, 3, "first");
        RunJournal.Batch failed = journal.take(clock.instant(), false);
        journal.line("INFO", "c");
        journal.progress(2, 3, "second");
        journal.giveBack(failed);
        clock.advance(Duration.ofSeconds(1));
        RunJournal.Batch retried = journal.take(clock.instant(), false);
        assertEquals(List.of("a", "b", "c"), retried.lines().stream().map(LineWrite::message).toList());
        assertEquals(2, retried.progress().done(), "the newer report, not the one that failed");
        assertFalse(journal.drained());
    }

    private RunJournal journal(int maxLines, int maxLineLength, Secrets secrets) {
        RunLogConfig config = new LogLimits(maxLines, maxLineLength, Duration.ofSeconds(1));
        return new RunJournal("run-1", secrets, config, clock);
    }

    /** A named class: Quarkus refuses an anonymous one overriding methods that carry validation constraints. */
    private record LogLimits(int maxLines, int maxLineLength, Duration flushInterval) implements RunLogConfig {}
}
