package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Inserts one test_write row keyed by its run id: a side effect that tests count through their own JDBC. */
@ApplicationScoped
@Task(name = "write-row", datasource = "app", description = "test: writes one row",
        params = @TaskParam(name = "label", required = true))
public class WriteRowTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        TestWrites.insert(ctx, ctx.params().string("label"));
        return Map.of("written", ctx.runId());
    }
}
