package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Deletes test_write rows by label with one native statement, which Hibernate's entity statistics cannot see. */
@ApplicationScoped
@Task(name = "bulk-delete", datasource = "app", description = "test: native bulk delete",
        params = @TaskParam(name = "label", required = true))
public class BulkDeleteTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        int deleted = ctx.session().createNativeMutationQuery("DELETE FROM test_write WHERE label = :label")
                .setParameter("label", ctx.params().string("label"))
                .executeUpdate();
        return Map.of("deleted", deleted);
    }
}
