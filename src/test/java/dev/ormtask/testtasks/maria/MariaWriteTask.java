package dev.ormtask.testtasks.maria;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Persists a note on MariaDB through Panache, then optionally fails. */
@ApplicationScoped
@Task(name = "maria-write", datasource = "maria", description = "test: ORM write on MariaDB",
        params = {
            @TaskParam(name = "text", required = true),
            @TaskParam(name = "fail", type = ParamType.BOOLEAN, defaultValue = "false")
        })
public class MariaWriteTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        MariaNote note = new MariaNote();
        note.text = ctx.params().string("text");
        note.persist();
        ctx.session().flush();
        if (ctx.params().bool("fail")) {
            throw new IllegalStateException("failing after writing note " + note.id);
        }
        return Map.of("id", note.id);
    }
}
