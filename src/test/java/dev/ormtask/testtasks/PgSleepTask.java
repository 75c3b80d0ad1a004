package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a row, then sleeps in PostgreSQL longer than its 1 s timeout: the statement must be cancelled. */
@ApplicationScoped
@Task(name = "pg-sleep", datasource = "app", timeout = "1s", description = "test: exceeds its timeout in SQL",
        params = @TaskParam(name = "seconds", type = ParamType.INT, defaultValue = "60"))
public class PgSleepTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        TestWrites.insert(ctx, "before-sleep");
        return ctx.session().createNativeQuery("SELECT CAST(pg_sleep(:s) AS text) AS slept, 'pg-sleep-marker'", Object[].class)
                .setParameter("s", ctx.params().integer("seconds"))
                .getSingleResult();
    }
}
