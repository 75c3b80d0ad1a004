package dev.ormtask.example;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * Writes a note, then keeps its transaction open for a while before committing: a long-running job, to watch
 * timeouts, cancel, graceful shutdown and crash recovery at work.
 */
@ApplicationScoped
@Task(
        name = "hold-transaction",
        datasource = "app",
        description = "Inserts a demo_note named after the run, holds the transaction open, then commits",
        timeout = "10m",
        params = @TaskParam(name = "seconds", type = ParamType.INT, defaultValue = "10", min = "0",
                max = "86400", description = "How long to hold the transaction open"))
public class HoldTransactionTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        DemoNote note = new DemoNote();
        note.text = "held by run " + ctx.runId();
        note.persist();
        ctx.session().flush();
        if (!ctx.pause(Duration.ofSeconds(ctx.params().integer("seconds")))) {
            // timeout, cancel or shutdown: the note is rolled back anyway
            throw new IllegalStateException("stopped before it was done");
        }
        return Map.of("note", note.id);
    }
}
