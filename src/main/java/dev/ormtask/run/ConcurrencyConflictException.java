package dev.ormtask.run;

/** A start of a FORBID task while one of its runs is active; answered with 409 naming the active run. */
public class ConcurrencyConflictException extends RuntimeException {

    private final String activeRunId;

    ConcurrencyConflictException(String task, String activeRunId) {
        super("task '" + task + "' forbids concurrent runs and run " + activeRunId + " is still active");
        this.activeRunId = activeRunId;
    }

    public String activeRunId() {
        return activeRunId;
    }
}
