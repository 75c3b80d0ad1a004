package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Reports progress as fast as it can for a while, logs many (or long) lines, writes a row and may then fail: what
 * the progress throttle, the log bounds and "a rollback keeps the progress" are checked with.
 */
@ApplicationScoped
@Task(name = "chatty", datasource = "app", timeout = "1m", description = "test: reports progress and logs a lot",
        params = {
            @TaskParam(name = "progressMillis", type = ParamType.INT, defaultValue = "0"),
            @TaskParam(name = "lines", type = ParamType.INT, defaultValue = "0"),
            @TaskParam(name = "lineLength", type = ParamType.INT, defaultValue = "10"),
            @TaskParam(name = "fail", type = ParamType.BOOLEAN, defaultValue = "false")
        })
public class ChattyTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        long calls = 0;
        long until = System.nanoTime() + ctx.params().integer("progressMillis") * 1_000_000L;
        while (System.nanoTime() < until) {
            ctx.progress(++calls, 0, "call " + calls);
        }
        int lines = ctx.params().integer("lines");
        String filler = "x".repeat(Math.max(0, ctx.params().integer("lineLength") - 10));
        for (int i = 1; i <= lines; i++) {
            ctx.log().infof("line %05d %s", i, filler);
        }
        TestWrites.insert(ctx, "chatty");
        ctx.progress(calls, calls, "done after " + calls + " calls");
        if (ctx.params().bool("fail")) {
            throw new IllegalStateException("failing after " + calls + " progress calls, on purpose");
        }
        return Map.of("calls", calls);
    }
}
