package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run metrics in Micrometer (Prometheus at {@code /q/metrics}). Meters are looked up once per task and status and
 * cached, so a run costs two map lookups and no registry scan.
 *
 * <p>Every task's counters exist at 0 from the start: a series that first appears at 1 is no increase to Prometheus,
 * so an alert on {@code increase(ormtask_runs_finished_total{status="FAILED"}[5m]) > 0} (or on the conflicts counter)
 * would have missed each task's first failure after every restart.
 */
@Singleton
public class RunMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> started = new ConcurrentHashMap<>();
    private final Map<String, Counter> finished = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Timer> fireDelays = new ConcurrentHashMap<>();

    private static final List<RunStatus> ENDS = Arrays.stream(RunStatus.values()).filter(RunStatus::isTerminal).toList();

    RunMetrics(MeterRegistry registry, TaskRegistry tasks) {
        this.registry = registry;
        for (RegisteredTask task : tasks.all()) {
            startedCounter(task.name());
            for (RunStatus status : ENDS) {
                finishedCounter(task.name(), status);
            }
            conflictsCounter(task.name());
        }
    }

    /** Runs executing on this node now. */
    <T> void watchActive(T source, java.util.function.ToDoubleFunction<T> count) {
        registry.gauge("ormtask.runs.active", source, count);
    }

    /** Runs waiting in the queue of every node together (as last counted). */
    <T> void watchQueued(T source, java.util.function.ToDoubleFunction<T> count) {
        registry.gauge("ormtask.runs.queued", source, count);
    }

    /** This node's outcome of a run disagreed with the one history had already recorded (see RunExecution). */
    void outcomeConflict(RunRecord run) {
        conflictsCounter(run.taskName()).increment();
    }

    void started(RunRecord run) {
        startedCounter(run.taskName()).increment();
        Long delay = run.fireDelayMs();
        if (delay != null) {
            fireDelays.computeIfAbsent(run.taskName(), task -> Timer.builder("ormtask.schedule.fire.delay")
                            .description("From a cron fire time to the run's start").tag("task", task)
                            .publishPercentileHistogram().register(registry))
                    .record(Duration.ofMillis(Math.max(0, delay)));
        }
    }

    /**
     * A run's end, counted by the node that recorded it (executed here, cancelled while queued, skipped by policy),
     * with how long it ran. An end that history had already taken from another node is that node's to count.
     */
    void finished(RunRecord run) {
        settled(run);
        Long duration = run.durationMs();
        if (duration != null) {
            durations.computeIfAbsent(run.taskName(), task -> Timer.builder("ormtask.run.duration")
                            .description("How long runs executed").tag("task", task)
                            .publishPercentileHistogram().register(registry))
                    .record(Duration.ofMillis(duration));
        }
    }

    /**
     * The end of a run another node executed and this one settled after that node died: counted, but its duration
     * (to the settling, past the dead node's silence) says nothing about how long the task ran.
     */
    void settled(RunRecord run) {
        finishedCounter(run.taskName(), run.status()).increment();
    }

    private Counter startedCounter(String task) {
        return started.computeIfAbsent(task, name -> Counter.builder("ormtask.runs.started")
                .description("Runs that began executing").tag("task", name).register(registry));
    }

    private Counter finishedCounter(String task, RunStatus status) {
        return finished.computeIfAbsent(task + '\u0000' + status, key -> Counter.builder("ormtask.runs.finished")
                .description("Runs that ended, by status").tag("task", task).tag("status", status.name())
                .register(registry));
    }

    private Counter conflictsCounter(String task) {
        return registry.counter("ormtask.runs.outcome.conflicts", "task", task);
    }
}
