package dev.ormtask.schedule;

import dev.ormtask.history.TaskStates;
import dev.ormtask.task.RegisteredTask;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Pause, resume and the state of schedules, kept in the database so that every replica obeys. */
@Singleton
public class ScheduleService {

    private final TaskStates states;
    private final Clock clock;
    private final ScheduleConfig config;

    ScheduleService(TaskStates states, Clock clock, ScheduleConfig config) {
        this.states = states;
        this.clock = clock;
        this.config = config;
    }

    /** Stops the task's cron fires on every replica; {@link NotScheduledException} for a task without cron. */
    public void pause(RegisteredTask task) {
        scheduled(task, "pause");
        states.ensure(java.util.List.of(task.name()), now());
        states.setPaused(task.name(), true, now());
    }

    public void resume(RegisteredTask task) {
        scheduled(task, "resume");
        states.ensure(java.util.List.of(task.name()), now());
        states.setPaused(task.name(), false, now());
    }

    /** Null for a task without cron; {@code paused} as read with other tasks' flags. */
    public ScheduleState state(RegisteredTask task, boolean paused) {
        if (task.cron().isEmpty()) {
            return null;
        }
        return new ScheduleState(paused, paused ? null : CronExpressions.nextAfter(task, clock.instant()).orElse(null),
                config.enabled());
    }

    private static void scheduled(RegisteredTask task, String action) {
        if (task.cron().isEmpty()) {
            throw new NotScheduledException(task.name(), action);
        }
    }

    private java.time.Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
