package dev.ormtask.schedule;

import java.time.Instant;

/** A cron task's schedule as the API shows it. */
public record ScheduleState(boolean paused, Instant nextFireTime, boolean firesOnThisReplica) {}
