package dev.ormtask.task;

/** What a start does while another run of the same task is active, named as Kubernetes CronJobs name them. */
public enum ConcurrencyPolicy {
    /** Runs may overlap. */
    ALLOW,
    /** A start while a run is active is refused: 409 over the API, a SKIPPED run for a schedule fire. */
    FORBID,
    /** A start while a run is active cancels that run and starts anyway. */
    REPLACE
}
