package dev.ormtask.history;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a run is in its life. {@link #isInitial} and {@link #canMoveTo} are the one table of allowed states and moves;
 * {@code RunTransitions} writes nothing else to the database.
 */
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

    /** Whether a run may be recorded in this status when it is first written. */
    public boolean isInitial() {
        return this == QUEUED || this == RUNNING || this == SKIPPED;
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
