package dev.ormtask.testtasks.maria;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Sleeps in MariaDB past its 1 s timeout: the statement must be killed on the server. */
@ApplicationScoped
@Task(name = "maria-sleep", datasource = "maria", timeout = "1s", description = "test: exceeds its timeout on MariaDB")
public class MariaSleepTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        return ctx.session().createNativeQuery("SELECT SLEEP(60) AS maria_sleep_marker", Object.class).getSingleResult();
    }
}
