package dev.ormtask.schedule;

/** A pause or resume of a task that has no cron schedule: there is nothing to pause, and API starts never are. */
public class NotScheduledException extends RuntimeException {

    public NotScheduledException(String task, String action) {
        super("task '" + task + "' has no cron schedule, so there is nothing to " + action
                + "; its API starts are never paused (set ormtask.tasks.\"" + task + "\".cron to schedule it)");
    }
}
