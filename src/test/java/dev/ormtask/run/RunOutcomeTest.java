package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ormtask.history.RunError;
import dev.ormtask.history.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunOutcomeTest {

    private static final RunError ERROR = RunError.of("boom");

    @Test
    void refusesSucceededWithError() {
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome(RunStatus.SUCCEEDED, "{}", null, ERROR, false, false));
    }

    @Test
    void refusesFailedWithoutError() {
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome(RunStatus.FAILED, null, null, null, false, false));
    }

    @Test
    void refusesTimedOutWithoutError() {
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome(RunStatus.TIMED_OUT, null, null, null, false, false));
    }

    @ParameterizedTest
    @EnumSource(value = RunStatus.class, names = {"QUEUED", "RUNNING"})
    void refusesNonTerminalStatusWithOrWithoutError(RunStatus status) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome(status, null, null, null, false, false));
        assertEquals("an outcome is terminal, not " + status, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunOutcome(status, null, null, ERROR, false, false));
    }

    @Test
    void acceptsCancelledWithError() {
        RunOutcome cancelled = new RunOutcome(RunStatus.CANCELLED, null, null, ERROR, false, false);
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertSame(ERROR, cancelled.error());
    }

    @Test
    void succeededCarriesResultAndChangesWithoutError() {
        RunOutcome outcome = RunOutcome.succeeded("{\"deleted\":3}", "{\"deleted\":3}");

        assertEquals(RunStatus.SUCCEEDED, outcome.status());
        assertEquals("{\"deleted\":3}", outcome.resultJson());
        assertEquals("{\"deleted\":3}", outcome.changesJson());
        assertNull(outcome.error());
    }

    @Test
    void succeededAllowsNullResult() {
        RunOutcome outcome = RunOutcome.succeeded(null, null);
        assertEquals(RunStatus.SUCCEEDED, outcome.status());
        assertNull(outcome.resultJson());
    }

    @Test
    void failedCarriesErrorAndChangesWithoutResult() {
        RunOutcome outcome = RunOutcome.failed(ERROR, "{\"inserted\":1}");

        assertEquals(RunStatus.FAILED, outcome.status());
        assertSame(ERROR, outcome.error());
        assertEquals("{\"inserted\":1}", outcome.changesJson());
        assertNull(outcome.resultJson());
    }

    @Test
    void failedFactoryRefusesMissingError() {
        assertThrows(IllegalArgumentException.class, () -> RunOutcome.failed(null, null));
    }

    @Test
    void timedOutCarriesOnlyTheError() {
        RunOutcome outcome = RunOutcome.timedOut(ERROR);

        assertEquals(RunStatus.TIMED_OUT, outcome.status());
        assertSame(ERROR, outcome.error());
        assertNull(outcome.resultJson());
        assertNull(outcome.changesJson());
    }

    @Test
    void onlyAFailedCommitIsInDoubt() {
        RunOutcome doubt = RunOutcome.commitInDoubt(ERROR, null);
        assertEquals(RunStatus.FAILED, doubt.status());
        assertEquals(true, doubt.inDoubt());
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome(RunStatus.SUCCEEDED, null, null, null, false, true));
        assertThrows(IllegalArgumentException.class,
                () -> new RunOutcome(RunStatus.FAILED, null, null, ERROR, true, true), "in doubt is not retryable");
    }
}
