package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Goes through its steps one at a time as the test lets it ({@link #advance}), reporting progress and logging a line
 * at each: a long run whose progress and log the test moves, instead of guessing at timings.
 */
@ApplicationScoped
@Task(name = "steps", datasource = "app", timeout = "2m", description = "test: steps forward when the test says",
        params = {
            @TaskParam(name = "gate", required = true),
            @TaskParam(name = "steps", type = ParamType.INT, defaultValue = "3")
        })
public class StepTask implements OrmTask {

    private static final Map<String, Semaphore> PERMITS = new ConcurrentHashMap<>();

    /** Lets the run waiting at {@code gate} take its next step. */
    public static void advance(String gate) {
        permits(gate).release();
    }

    /** Lets it take all its remaining steps. */
    public static void finish(String gate) {
        permits(gate).release(1_000);
    }

    private static Semaphore permits(String gate) {
        return PERMITS.computeIfAbsent(gate, g -> new Semaphore(0));
    }

    @Override
    public Object run(TaskContext ctx) throws InterruptedException {
        String gate = ctx.params().string("gate");
        int steps = ctx.params().integer("steps");
        ctx.progress(0, steps, "waiting for step 1");
        for (int step = 1; step <= steps; step++) {
            if (!permits(gate).tryAcquire(110, TimeUnit.SECONDS)) {
                throw new IllegalStateException("step " + step + " of gate " + gate + " was never allowed");
            }
            ctx.log().infof("step %d of %d done", step, steps);
            ctx.progress(step, steps, "step " + step + " of " + steps);
        }
        return Map.of("steps", steps);
    }
}
