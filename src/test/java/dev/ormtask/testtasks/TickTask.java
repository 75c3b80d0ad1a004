package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Does nothing but get recorded; the schedule tests give it a per-second cron through configuration. */
@ApplicationScoped
@Task(name = "tick", datasource = "app", description = "test: a cheap task to fire on a schedule")
public class TickTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        return ctx.runId();
    }
}
