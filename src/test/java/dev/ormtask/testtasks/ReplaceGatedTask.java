package dev.ormtask.testtasks;

import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;

/** A REPLACE task that waits for a gate: a second start must cancel the first. */
@ApplicationScoped
@Task(name = "replace-gated", datasource = "app", timeout = "2m", concurrency = ConcurrencyPolicy.REPLACE,
        description = "test: REPLACE task that waits for a gate", params = @TaskParam(name = "gate", required = true))
public class ReplaceGatedTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) throws InterruptedException {
        return GatedTask.pass(ctx, ctx.params().string("gate"));
    }
}
