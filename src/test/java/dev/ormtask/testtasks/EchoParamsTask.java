package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Returns each parameter it was given as the task sees it (toString), and writes one test_write row. */
@ApplicationScoped
@Task(name = "echo-params", datasource = "app", description = "test: echoes its typed parameters",
        params = {
            @TaskParam(name = "i", type = ParamType.INT),
            @TaskParam(name = "l", type = ParamType.LONG),
            @TaskParam(name = "d", type = ParamType.DECIMAL),
            @TaskParam(name = "day", type = ParamType.DATE),
            @TaskParam(name = "at", type = ParamType.DATETIME)
        })
public class EchoParamsTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        TestWrites.insert(ctx, "echo-params");
        Map<String, String> seen = new LinkedHashMap<>();
        ctx.params().asMap().forEach((name, value) -> seen.put(name, value.getClass().getSimpleName() + ":" + value));
        return seen;
    }
}
