package dev.ormtask.task;

/** What happens to cron fires missed while no replica was up. */
public enum MisfirePolicy {
    /** Missed fires are dropped. */
    SKIP,
    /** One catch-up run (trigger CATCH_UP) for the latest missed fire within {@code ormtask.schedule.misfire-horizon}. */
    RUN_ONCE
}
