package dev.ormtask.history;

import dev.ormtask.task.Trigger;
import java.time.Instant;

/** A run in brief, as a task's recent outcomes show it. */
public record RunBrief(String id, RunStatus status, Trigger trigger, boolean dryRun, Instant queuedAt,
        Instant startedAt, Instant finishedAt) {

    /** Milliseconds between start and finish, once both are known. */
    public Long durationMs() {
        return startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
