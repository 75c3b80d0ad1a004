package dev.ormtask.api;

import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.schedule.ScheduleState;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.MisfirePolicy;
import dev.ormtask.task.ParamSpec;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.RegisteredTask;
import java.time.Instant;
import java.util.List;

/** A task as {@code GET /api/tasks} shows it. */
public record TaskView(
        String name,
        String description,
        String datasource,
        String cron,
        String timeZone,
        long timeoutSeconds,
        boolean enabled,
        ConcurrencyPolicy concurrency,
        MisfirePolicy misfire,
        String requiredRole,
        ScheduleState schedule,
        List<ParamView> parameters,
        LastRun lastRun) {

    static TaskView of(RegisteredTask task, RunRecord last, ScheduleState schedule) {
        return new TaskView(task.name(), task.description(), task.datasource(), task.cron().orElse(null),
                task.timeZone().getId(), task.timeout().toSeconds(), task.enabled(), task.concurrency(),
                task.misfire(), task.requiredRole().orElse(null), schedule, task.params().stream().map(ParamView::of).toList(), LastRun.of(last));
    }

    /** A declared parameter. */
    public record ParamView(String name, ParamType type, boolean required, Object defaultValue, String description) {

        static ParamView of(ParamSpec spec) {
            return new ParamView(spec.name(), spec.type(), spec.required(), spec.defaultValue(), spec.description());
        }
    }

    /** The newest run of the task, in brief. */
    public record LastRun(String id, RunStatus status, Instant queuedAt, Instant finishedAt, Long durationMs) {

        static LastRun of(RunRecord run) {
            return run == null ? null
                    : new LastRun(run.id(), run.status(), run.queuedAt(), run.finishedAt(), run.durationMs());
        }
    }
}
