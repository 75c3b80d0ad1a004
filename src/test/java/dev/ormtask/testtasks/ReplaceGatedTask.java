package dev.ormtask.testtasks;

import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** A REPLACE task that waits for a gate: a second start must cancel the first. */
@ApplicationScoped
@Task(name = "replace-gated", datasource = "app", timeout = "2m", concurrency = ConcurrencyPolicy.REPLACE,
        description = "test: REPLACE task that waits for a gate", params = @TaskParam(name = "gate", required = true))
public class ReplaceGatedTask implements OrmTask {

    private static final AtomicInteger EXECUTING = new AtomicInteger();
    private static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    /** The most runs of this task that have executed at the same time since the last call. */
    public static int mostAtOnceSinceLastAsked() {
        return MOST_AT_ONCE.getAndSet(EXECUTING.get());
    }

    @Override
    public Object run(TaskContext ctx) throws InterruptedException {
        MOST_AT_ONCE.accumulateAndGet(EXECUTING.incrementAndGet(), Math::max);
        try {
            return GatedTask.pass(ctx, ctx.params().string("gate"));
        } finally {
            EXECUTING.decrementAndGet();
        }
    }
}
