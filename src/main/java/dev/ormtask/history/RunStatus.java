package dev.ormtask.history;

import java.util.EnumSet;
import java.util.Set;

/** Where a run is in its life; {@link #canMoveTo} is the one list of allowed transitions. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED,
    /** A start that policy refused (a FORBID task's fire while a run was active); recorded, never executed. */
    SKIPPED;

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }

    public boolean canMoveTo(RunStatus next) {
        return allowedNext().contains(next);
    }

    private Set<RunStatus> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED);
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, SKIPPED -> EnumSet.noneOf(RunStatus.class);
        };
    }
}
