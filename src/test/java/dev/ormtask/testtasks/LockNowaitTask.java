package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a row, then locks test_lock's row with NOWAIT: while a test holds that lock, PostgreSQL answers SQLSTATE
 * 55P03 (lock not available), a failure a retry can fix. With {@code broken} it fails in a way no retry fixes.
 */
@ApplicationScoped
@Task(name = "lock-nowait", datasource = "app", maxAttempts = 5, retryBackoff = "200ms",
        description = "test: fails transiently while test_lock is locked",
        params = {
            @TaskParam(name = "label", required = true),
            @TaskParam(name = "broken", type = ParamType.BOOLEAN, defaultValue = "false")
        })
public class LockNowaitTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        TestWrites.insert(ctx, ctx.params().string("label"));
        if (ctx.params().bool("broken")) {
            throw new IllegalStateException("broken on purpose: a retry cannot fix this");
        }
        return ctx.session().createNativeQuery("SELECT id FROM test_lock WHERE id = 1 FOR UPDATE NOWAIT", Integer.class)
                .getSingleResult();
    }
}
