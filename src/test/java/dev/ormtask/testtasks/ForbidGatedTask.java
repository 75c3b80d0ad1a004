package dev.ormtask.testtasks;

import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** A FORBID task whose runs wait at the gate of its own name: one run stays active until a test opens it. */
@ApplicationScoped
@Task(name = "forbid-gated", datasource = "app", timeout = "2m", concurrency = ConcurrencyPolicy.FORBID,
        description = "test: FORBID task that waits for a gate")
public class ForbidGatedTask implements OrmTask {

    public static final String GATE = "forbid-gated";

    @Override
    public Object run(TaskContext ctx) throws InterruptedException {
        return GatedTask.pass(ctx, GATE);
    }
}
