package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Switched off by ormtask.tasks."disabled-task".enabled=false in the test profile. */
@ApplicationScoped
@Task(name = "disabled-task", datasource = "app", description = "test: disabled by configuration")
public class DisabledTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        TestWrites.insert(ctx, "disabled");
        return null;
    }
}
