package dev.ormtask.task;

/** What started a run. */
public enum Trigger {
    API,
    SCHEDULE,
    DASHBOARD,
    CATCH_UP,
    RETRY
}
