package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;

/** Returns a string of the asked size, or a value Jackson cannot write. */
@ApplicationScoped
@Task(name = "result", datasource = "app", description = "test: returns what it is asked to",
        params = {
            @TaskParam(name = "size", type = ParamType.INT, defaultValue = "10"),
            @TaskParam(name = "unserialisable", type = ParamType.BOOLEAN, defaultValue = "false")
        })
public class ResultTask implements OrmTask {

    /** A bean with no properties: Jackson refuses to write it. */
    public static final class Opaque {}

    @Override
    public Object run(TaskContext ctx) {
        TestWrites.insert(ctx, "result");
        if (ctx.params().bool("unserialisable")) {
            return new Opaque();
        }
        return "x".repeat(ctx.params().integer("size"));
    }
}
