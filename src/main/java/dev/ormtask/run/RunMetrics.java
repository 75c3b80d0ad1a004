package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run metrics in Micrometer (Prometheus at {@code /q/metrics}). Meters are looked up once per task and status and
 * cached, so a run costs two map lookups and no registry scan.
 */
@Singleton
public class RunMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> started = new ConcurrentHashMap<>();
    private final Map<String, Counter> finished = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Timer> fireDelays = new ConcurrentHashMap<>();

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        registry.counter("ormtask.runs.outcome.conflicts", "task", run.taskName()).increment();
    }

    void started(RunRecord run) {
        started.computeIfAbsent(run.taskName(), task -> Counter.builder("ormtask.runs.started")
                        .description("Runs that began executing").tag("task", task).register(registry))
                .increment();
        Long delay = run.fireDelayMs();
        if (delay != null) {
            fireDelays.computeIfAbsent(run.taskName(), task -> Timer.builder("ormtask.schedule.fire.delay")
                            .description("From a cron fire time to the run's start").tag("task", task)
                            .publishPercentileHistogram().register(registry))
                    .record(Duration.ofMillis(Math.max(0, delay)));
        }
    }

    void finished(RunRecord run) {
        finished.computeIfAbsent(run.taskName() + '\u0000' + run.status(), key -> Counter.builder("ormtask.runs.finished")
                        .description("Runs that ended, by status").tag("task", run.taskName())
                        .tag("status", run.status().name()).register(registry))
                .increment();
        Long duration = run.durationMs();
        if (duration != null) {
            durations.computeIfAbsent(run.taskName(), task -> Timer.builder("ormtask.run.duration")
                            .description("How long runs executed").tag("task", task)
                            .publishPercentileHistogram().register(registry))
                    .record(Duration.ofMillis(duration));
        }
    }
}
