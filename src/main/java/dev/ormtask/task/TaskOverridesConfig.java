package dev.ormtask.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Per-task overrides of annotation metadata: {@code ormtask.tasks."task-name".*}. */
@ConfigMapping(prefix = "ormtask.tasks")
public interface TaskOverridesConfig {

    @WithParentName
    Map<String, TaskOverrides> overrides();

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
