package dev.ormtask.history;

import static dev.ormtask.history.RunStatus.CANCELLED;
import static dev.ormtask.history.RunStatus.FAILED;
import static dev.ormtask.history.RunStatus.QUEUED;
import static dev.ormtask.history.RunStatus.RUNNING;
import static dev.ormtask.history.RunStatus.SKIPPED;
import static dev.ormtask.history.RunStatus.SUCCEEDED;
import static dev.ormtask.history.RunStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.task.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RunStatusTest {

    /** The allowed transitions, written out independently of the implementation. */
    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            TIMED_OUT, EnumSet.noneOf(RunStatus.class),
            CANCELLED, EnumSet.noneOf(RunStatus.class),
            SKIPPED, EnumSet.noneOf(RunStatus.class));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (RunStatus from : RunStatus.values()) {
            for (RunStatus to : RunStatus.values()) {
                pairs.add(Arguments.of(from, to, ALLOWED.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void canMoveToAllowsExactlyTheListedTransitions(RunStatus from, RunStatus to, boolean allowed) {
        assertEquals(allowed, from.canMoveTo(to));
    }

    @Test
    void tableCoversEveryStatusAndHasSixAllowedTransitions() {
        assertEquals(EnumSet.allOf(RunStatus.class), ALLOWED.keySet());
        assertEquals(49, everyPair().count());
        assertEquals(6, everyPair().filter(a -> (Boolean) a.get()[2]).count());
    }

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void noStatusMovesToItself(RunStatus status) {
        assertFalse(status.canMoveTo(status));
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "SKIPPED"})
    void finishedStatusesAreTerminal(RunStatus status) {
        assertTrue(status.isTerminal());
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"QUEUED", "RUNNING"})
    void queuedAndRunningAreNotTerminal(RunStatus status) {
        assertFalse(status.isTerminal());
    }

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void terminalStatusesAreExactlyThoseWithoutSuccessor(RunStatus status) {
        boolean hasSuccessor = Stream.of(RunStatus.values()).anyMatch(status::canMoveTo);
        assertEquals(status.isTerminal(), !hasSuccessor);
    }

    // --- RunRecord transitions ---

    private static final Instant QUEUED_AT = Instant.parse("2026-01-31T02:00:00Z");
    private static final Instant STARTED_AT = Instant.parse("2026-01-31T02:00:01Z");
    private static final Instant FINISHED_AT = Instant.parse("2026-01-31T02:00:03.5Z");

    private static RunRecord queued() {
        return new RunRecord("run-1", "purge", QUEUED, Trigger.API, "{\"days\":3}", false, null, null, null,
                QUEUED_AT, null, null, null, "alice", null, null, 1, null);
    }

    @Test
    void startedMovesQueuedRunToRunning() {
        RunRecord running = queued().started(STARTED_AT, "node-a");

        assertEquals(RUNNING, running.status());
        assertEquals(STARTED_AT, running.startedAt());
        assertEquals("node-a", running.node());
        assertEquals(QUEUED_AT, running.queuedAt());
        assertEquals("{\"days\":3}", running.paramsJson());
        assertEquals("alice", running.requestedBy());
        assertNull(running.finishedAt());
        assertNull(running.durationMs());
    }

    @Test
    void finishedMovesRunningRunToTerminalStatus() {
        RunError error = RunError.of("boom");
        RunRecord failed = queued().started(STARTED_AT, "node-a")
                .finished(FAILED, null, "{\"inserted\":1}", error, FINISHED_AT);

        assertEquals(FAILED, failed.status());
        assertEquals(error, failed.error());
        assertEquals("{\"inserted\":1}", failed.changesJson());
        assertEquals(FINISHED_AT, failed.finishedAt());
        assertEquals(STARTED_AT, failed.startedAt());
        assertEquals("node-a", failed.node());
        assertEquals(Long.valueOf(2500), failed.durationMs());
    }

    @Test
    void queuedRunCanBeCancelledWithoutStarting() {
        RunRecord cancelled = queued().finished(CANCELLED, null, null, RunError.of("cancelled"), FINISHED_AT);

        assertEquals(CANCELLED, cancelled.status());
        assertNull(cancelled.startedAt());
        assertNull(cancelled.durationMs());
    }

    @Test
    void skippedRecordsTheReasonAndNeverStarted() {
        RunRecord skipped = queued().skipped("skipped: run r0 is still active", FINISHED_AT, "node-a");
        assertEquals(SKIPPED, skipped.status());
        assertEquals("skipped: run r0 is still active", skipped.error().message());
        assertNull(skipped.startedAt());
        assertThrows(IllegalStateException.class, () -> skipped.started(FINISHED_AT, "node-a"));
    }

    @Test
    void startedRefusesRunThatIsAlreadyRunning() {
        RunRecord running = queued().started(STARTED_AT, "node-a");
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> running.started(STARTED_AT, "node-b"));
        assertTrue(e.getMessage().contains("run-1") && e.getMessage().contains("RUNNING"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"})
    void startedRefusesFinishedRun(RunStatus terminal) {
        RunRecord done = queued().started(STARTED_AT, "node-a")
                .finished(terminal, null, null, RunError.of("x"), FINISHED_AT);
        assertThrows(IllegalStateException.class, () -> done.started(FINISHED_AT, "node-a"));
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT"})
    void finishedRefusesQueuedRunThatNeverStarted(RunStatus terminal) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> queued().finished(terminal, null, null, null, FINISHED_AT));
        assertTrue(e.getMessage().contains("from QUEUED to " + terminal), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "SKIPPED"})
    void finishedRefusesRunThatAlreadyFinished(RunStatus next) {
        RunRecord succeeded = queued().started(STARTED_AT, "node-a")
                .finished(SUCCEEDED, "{}", null, null, FINISHED_AT);
        assertThrows(IllegalStateException.class,
                () -> succeeded.finished(next, null, null, RunError.of("again"), FINISHED_AT));
    }
}
