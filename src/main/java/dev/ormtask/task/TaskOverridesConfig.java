package dev.ormtask.task;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Per-task overrides of annotation metadata: {@code ormtask.tasks."task-name".*}, also settable as environment
 * variables ({@code ORMTASK_TASKS__TASK_NAME__CRON}); read by {@link ConfiguredTaskOverrides}.
 */
public interface TaskOverridesConfig {

    /** The overrides configured for one task; empty when none is. */
    Optional<TaskOverrides> forTask(String name);

    /** Refuses configuration that names a task not among {@code known}, naming the key; nothing to check by default. */
    default void checkOnlyKnownTasks(Collection<String> known) {
    }

    /** What configuration may change about one task without a code change. */
    interface TaskOverrides {

        /** {@code ormtask.tasks."name".cron}: replaces the annotation's cron; {@code off} makes it API-only. */
        Optional<String> cron();

        /** {@code ormtask.tasks."name".time-zone}: zone the cron is read in. */
        Optional<String> timeZone();

        /** {@code ormtask.tasks."name".timeout}: replaces the annotation's timeout. */
        Optional<Duration> timeout();

        /** {@code ormtask.tasks."name".enabled}: false refuses every start of the task (409). */
        Optional<Boolean> enabled();

        /** {@code ormtask.tasks."name".concurrency}: ALLOW, FORBID or REPLACE. */
        Optional<ConcurrencyPolicy> concurrency();

        /** {@code ormtask.tasks."name".misfire}: SKIP or RUN_ONCE. */
        Optional<MisfirePolicy> misfire();

        /** {@code ormtask.tasks."name".max-attempts}: attempts in all for retryable failures. */
        Optional<Integer> maxAttempts();

        /** {@code ormtask.tasks."name".retry-backoff}: delay before the second attempt, doubled for each later one. */
        Optional<Duration> retryBackoff();

        /** {@code ormtask.tasks."name".required-role}: a role needed, besides operator, to start the task. */
        Optional<String> requiredRole();
    }
}
