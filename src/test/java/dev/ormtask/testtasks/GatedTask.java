package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs until the test opens its gate: makes "still running" a state a test controls, not a timing guess. */
@ApplicationScoped
@Task(name = "gated", datasource = "app", timeout = "2m", description = "test: waits for a gate",
        params = @TaskParam(name = "gate", required = true))
public class GatedTask implements OrmTask {

    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> ENTERED = new ConcurrentHashMap<>();

    public static void open(String gate) {
        gate(GATES, gate).countDown();
    }

    /** Waits until a run has reached the gate. */
    public static boolean awaitEntered(String gate, long seconds) throws InterruptedException {
        return gate(ENTERED, gate).await(seconds, TimeUnit.SECONDS);
    }

    private static CountDownLatch gate(Map<String, CountDownLatch> gates, String gate) {
        return gates.computeIfAbsent(gate, g -> new CountDownLatch(1));
    }

    @Override
    public Object run(TaskContext ctx) throws InterruptedException {
        return pass(ctx, ctx.params().string("gate"));
    }

    /** Says the run arrived, waits for the gate to open, then writes one row. */
    static Object pass(TaskContext ctx, String gate) throws InterruptedException {
        gate(ENTERED, gate).countDown();
        if (!gate(GATES, gate).await(110, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + gate + " was never opened");
        }
        TestWrites.insert(ctx, "gated-" + gate);
        return Map.of("gate", gate);
    }
}
