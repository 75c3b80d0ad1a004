package dev.ormtask.history;

import java.time.Instant;

/**
 * How far a run has got, as its task last reported it.
 *
 * @param total null when the task does not know
 * @param writes how often the report was written (at most once per run and flush interval)
 */
public record RunProgress(long done, Long total, String message, Instant updatedAt, int writes) {}
