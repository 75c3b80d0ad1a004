package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** A task scheduled in Europe/Berlin: its next fire time must be shown in that zone, labelled with it. */
@ApplicationScoped
@Task(name = "berlin-nightly", datasource = "app", cron = "0 45 20 * * ?", timeZone = "Europe/Berlin",
        description = "test: fires at 20:45 Berlin time; does nothing")
public class BerlinNightlyTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        return null;
    }
}
