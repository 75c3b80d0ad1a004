package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loses its commit's reply: on its first call for a key it writes a slow_commit row whose deferred trigger (created by
 * CommitInDoubtTest) holds the COMMIT 1.5 s on the server, and gives its connection a network timeout of 0.5 s, so
 * the driver gives up and closes the connection while PostgreSQL goes on to commit, or, with {@code refuse}, to refuse
 * the commit. Later calls for the key commit plainly.
 */
@ApplicationScoped
@Task(name = "slow-commit", datasource = "app", maxAttempts = 2, retryBackoff = "100ms",
        description = "test: its first commit's reply is lost (committed, or refused at commit)",
        params = {
            @TaskParam(name = "key", required = true),
            @TaskParam(name = "refuse", type = ParamType.BOOLEAN, defaultValue = "false")
        })
public class SlowCommitTask implements OrmTask {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @Override
    public Object run(TaskContext ctx) {
        String key = ctx.params().string("key");
        int call = CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        String mode = call > 1 ? "plain" : ctx.params().bool("refuse") ? "sleep-then-refuse" : "sleep";
        ctx.session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO slow_commit (run_id, task_key, mode) VALUES (?, ?, ?)")) {
                ps.setString(1, ctx.runId());
                ps.setString(2, key);
                ps.setString(3, mode);
                ps.executeUpdate();
            }
            if (!mode.equals("plain")) {
                c.setNetworkTimeout(Runnable::run, 500);
            }
        });
        return Map.of("call", call);
    }
}
