package dev.ormtask.run;

/** A start of a task that configuration switched off ({@code ormtask.tasks."name".enabled=false}). */
public class TaskDisabledException extends RuntimeException {

    public TaskDisabledException(String task) {
        super("task '" + task + "' is disabled by configuration (ormtask.tasks.\"" + task + "\".enabled=false)");
    }
}
