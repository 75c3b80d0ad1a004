package dev.ormtask.run;

import dev.ormtask.history.RunError;
import dev.ormtask.history.RunStatus;

/**
 * How one invocation ended; the factories refuse impossible combinations such as "succeeded with an error".
 * {@code inDoubt}: the commit reported a failure, so whether it took effect is unknown until the run's commit marker is
 * read.
 */
public record RunOutcome(RunStatus status, String resultJson, String changesJson, RunError error, boolean retryable,
        boolean inDoubt) {

    public RunOutcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("an outcome is terminal, not " + status);
        }
        if ((status == RunStatus.SUCCEEDED) == (error != null)) {
            throw new IllegalArgumentException(status + " run with error " + error);
        }
        if (retryable && status != RunStatus.FAILED) {
            throw new IllegalArgumentException("only a failure can be retryable, not " + status);
        }
        if (inDoubt && (status != RunStatus.FAILED || retryable)) {
            throw new IllegalArgumentException("only a commit that failed is in doubt, not " + status);
        }
    }

    public static RunOutcome succeeded(String resultJson, String changesJson) {
        return new RunOutcome(RunStatus.SUCCEEDED, resultJson, changesJson, null, false, false);
    }

    public static RunOutcome failed(RunError error, String changesJson) {
        return new RunOutcome(RunStatus.FAILED, null, changesJson, error, false, false);
    }

    /** A failure that a retry can fix (see {@link RetryableFailures}). */
    public static RunOutcome failedTransiently(RunError error, String changesJson) {
        return new RunOutcome(RunStatus.FAILED, null, changesJson, error, true, false);
    }

    /**
     * The commit reported a failure: it may or may not have taken effect (see {@link InDoubtRuns}); the task's result
     * is kept for the case it did.
     */
    public static RunOutcome commitInDoubt(RunError error, String resultJson) {
        return new RunOutcome(RunStatus.FAILED, resultJson, null, error, false, true);
    }

    public static RunOutcome timedOut(RunError error) {
        return new RunOutcome(RunStatus.TIMED_OUT, null, null, error, false, false);
    }

    public static RunOutcome cancelled(RunError error) {
        return new RunOutcome(RunStatus.CANCELLED, null, null, error, false, false);
    }
}
