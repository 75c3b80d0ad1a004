package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Puts its secret parameter everywhere a careless task could: log lines, an exception, progress, result, error. */
@ApplicationScoped
@Task(name = "secret-echo", datasource = "app", description = "test: leaks its secret parameter on purpose",
        params = {
            @TaskParam(name = "user", required = true),
            @TaskParam(name = "password", required = true, secret = true),
            @TaskParam(name = "fail", type = ParamType.BOOLEAN, defaultValue = "false")
        })
public class SecretEchoTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        String user = ctx.params().string("user");
        String password = ctx.params().string("password");
        ctx.log().infof("connecting as %s with password %s", user, password);
        ctx.log().warn("first attempt refused", new IllegalStateException("login refused for " + password,
                new RuntimeException("cause mentions " + password)));
        ctx.progress(1, 2, "logged in with " + password);
        if (ctx.params().bool("fail")) {
            throw new IllegalStateException("cannot go on with password " + password);
        }
        return Map.of("user", user, "echo", password, "nested", Map.of("again", "pw=" + password));
    }
}
