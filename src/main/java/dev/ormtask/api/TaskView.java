package dev.ormtask.api;

import dev.ormtask.history.RunBrief;
import dev.ormtask.history.RunCounts;
import dev.ormtask.history.RunStatus;
import dev.ormtask.history.TaskActivity;
import dev.ormtask.schedule.ScheduleState;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.MisfirePolicy;
import dev.ormtask.task.ParamSpec;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.Secrets;
import dev.ormtask.task.Trigger;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A task as {@code GET /api/tasks} shows it.
 *
 * @param timeoutSeconds its timeout in whole seconds, rounded up (1500 ms shows as 2)
 * @param recent its newest runs, newest first (at most {@code ormtask.dashboard.recent-runs})
 * @param last24h its finished runs in the last 24 hours (whole hours: this one and the 23 before)
 */
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
        LastRun lastRun,
        List<RecentRun> recent,
        Last24h last24h) {

    static TaskView of(RegisteredTask task, TaskActivity.Summary activity, ScheduleState schedule) {
        List<RunBrief> recent = activity.recent();
        return new TaskView(task.name(), task.description(), task.datasource(), task.cron().orElse(null),
                task.timeZone().getId(), wholeSecondsAtLeast(task.timeout()), task.enabled(), task.concurrency(),
                task.misfire(), task.requiredRole().orElse(null), schedule,
                task.params().stream().map(ParamView::of).toList(),
                recent.isEmpty() ? null : LastRun.of(recent.get(0)),
                recent.stream().map(RecentRun::of).toList(),
                Last24h.of(activity.last24h()));
    }

    /**
     * A declared parameter; a secret one's default is masked.
     *
     * @param min the smallest value a start may give, inclusive; null for none
     * @param max the largest value a start may give, inclusive; null for none
     */
    public record ParamView(String name, ParamType type, boolean required, Object defaultValue, String description,
            boolean secret, Object min, Object max) {

        static ParamView of(ParamSpec spec) {
            Object shown = spec.secret() && spec.defaultValue() != null ? Secrets.MASK : spec.defaultValue();
            return new ParamView(spec.name(), spec.type(), spec.required(), shown, spec.description(), spec.secret(),
                    spec.min(), spec.max());
        }
    }

    /** The newest run of the task, in brief. */
    public record LastRun(String id, RunStatus status, Instant queuedAt, Instant finishedAt, Long durationMs) {

        static LastRun of(RunBrief run) {
            return new LastRun(run.id(), run.status(), run.queuedAt(), run.finishedAt(), run.durationMs());
        }
    }

    /** One of the task's newest runs, for its strip of outcomes and its duration sparkline. */
    public record RecentRun(String id, RunStatus status, Trigger trigger, boolean dryRun, Instant queuedAt,
            Long durationMs) {

        static RecentRun of(RunBrief run) {
            return new RecentRun(run.id(), run.status(), run.trigger(), run.dryRun(), run.queuedAt(), run.durationMs());
        }
    }

    /**
     * The task's finished runs in the last 24 hours.
     *
     * @param runs all of them
     * @param byStatus per terminal status, zeros included
     * @param successRate SUCCEEDED among runs that did not end SKIPPED or CANCELLED (0 to 1), null when none did
     * @param meanDurationMs mean duration of those that started, null when none did
     */
    public record Last24h(long runs, Map<RunStatus, Long> byStatus, Double successRate, Long meanDurationMs) {

        static Last24h of(RunCounts.TaskCounts counts) {
            Map<RunStatus, Long> byStatus = zeros();
            if (counts != null) {
                byStatus.putAll(counts.byStatus());
            }
            long runs = byStatus.values().stream().mapToLong(Long::longValue).sum();
            long judged = byStatus.get(RunStatus.SUCCEEDED) + byStatus.get(RunStatus.FAILED)
                    + byStatus.get(RunStatus.TIMED_OUT);
            return new Last24h(runs, byStatus, judged == 0 ? null : (double) byStatus.get(RunStatus.SUCCEEDED) / judged,
                    counts == null ? null : counts.meanDurationMs());
        }

        static Map<RunStatus, Long> zeros() {
            Map<RunStatus, Long> zeros = new EnumMap<>(RunStatus.class);
            for (RunStatus status : RunStatus.values()) {
                if (status.isTerminal()) {
                    zeros.put(status, 0L);
                }
            }
            return zeros;
        }
    }

    /** Whole seconds, rounded up: a caller that sizes its own wait from it never gives up before the task's timeout. */
    static long wholeSecondsAtLeast(java.time.Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
