package dev.ormtask.run;

import dev.ormtask.history.RunError;
import dev.ormtask.history.RunStatus;

/** How one invocation ended; the factories refuse impossible combinations such as "succeeded with an error". */
public record RunOutcome(RunStatus status, String resultJson, String changesJson, RunError error) {

    public RunOutcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("an outcome is terminal, not " + status);
        }
        if ((status == RunStatus.SUCCEEDED) == (error != null)) {
            throw new IllegalArgumentException(status + " run with error " + error);
        }
    }

    public static RunOutcome succeeded(String resultJson, String changesJson) {
        return new RunOutcome(RunStatus.SUCCEEDED, resultJson, changesJson, null);
    }

    public static RunOutcome failed(RunError error, String changesJson) {
        return new RunOutcome(RunStatus.FAILED, null, changesJson, error);
    }

    public static RunOutcome timedOut(RunError error) {
        return new RunOutcome(RunStatus.TIMED_OUT, null, null, error);
    }

    public static RunOutcome cancelled(RunError error) {
        return new RunOutcome(RunStatus.CANCELLED, null, null, error);
    }
}
