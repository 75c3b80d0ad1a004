package dev.ormtask.schedule;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.TaskStates;
import dev.ormtask.task.MisfirePolicy;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import dev.ormtask.task.Trigger;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Builds one Quarkus Scheduler job per task with a cron, from the registry and its overrides, at startup; first
 * catches up fires missed while no replica was up, for RUN_ONCE tasks.
 */
@Singleton
class CronJobs {

    private static final Logger LOG = Logger.getLogger(CronJobs.class);
    // A fire this recent may still be in flight on a live replica; only older ones count as missed.
    private static final Duration IN_FLIGHT = Duration.ofSeconds(2);

    private final TaskRegistry registry;
    private final TaskStates states;
    private final RunHistory history;
    private final CronFires fires;
    private final Scheduler scheduler;
    private final ScheduleConfig config;
    private final Clock clock;

    CronJobs(TaskRegistry registry, TaskStates states, RunHistory history, CronFires fires, Scheduler scheduler,
            ScheduleConfig config, Clock clock) {
        this.registry = registry;
        this.states = states;
        this.history = history;
        this.fires = fires;
        this.scheduler = scheduler;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        states.ensure(registry.all().stream().map(RegisteredTask::name).toList(), clock.instant());
        if (!config.enabled()) {
            LOG.info("Scheduling is off on this replica (ormtask.schedule.enabled=false): API only");
            return;
        }
        for (RegisteredTask task : registry.all()) {
            if (task.cron().isEmpty()) {
                continue;
            }
            if (task.misfire() == MisfirePolicy.RUN_ONCE) {
                catchUp(task);
            }
            scheduler.newJob("ormtask-" + task.name())
                    .setCron(task.cron().get())
                    .setTimeZone(task.timeZone().getId())
                    .setTask(execution -> fires.onJobFire(task, execution.getScheduledFireTime()))
                    .schedule();
            LOG.infof("Scheduled %s: cron '%s' in %s", task.name(), task.cron().get(), task.timeZone());
        }
    }

    /** One run for the latest fire missed since the task last fired (or was resumed), within the horizon. */
    private void catchUp(RegisteredTask task) {
        Optional<TaskStates.Schedule> schedule = states.schedule(task.name());
        if (schedule.isEmpty() || schedule.get().paused()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> since = latest(history.latestFire(task.name()), Optional.of(schedule.get().changedAt()));
        Optional<Instant> missed = CronExpressions.lastAtOrBefore(task, now.minus(IN_FLIGHT));
        if (since.isEmpty() || missed.isEmpty() || !missed.get().isAfter(since.get())
                || missed.get().isBefore(now.minus(config.misfireHorizon()))) {
            return;
        }
        LOG.infof("Catching up %s: fire %s was missed", task.name(), missed.get());
        fires.fire(task, missed.get(), Trigger.CATCH_UP);
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().isAfter(b.get()) ? a : b;
    }
}
