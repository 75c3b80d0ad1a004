package dev.ormtask.task;

import dev.ormtask.config.DurationText;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** A task as the service runs it: its annotation merged with configuration overrides, and its bean. */
public record RegisteredTask(
        String name,
        String description,
        String datasource,
        Optional<String> cron,
        ZoneId timeZone,
        Duration timeout,
        boolean enabled,
        List<ParamSpec> params,
        ConcurrencyPolicy concurrency,
        MisfirePolicy misfire,
        Optional<String> requiredRole,
        RetryPolicy retry,
        OrmTask implementation) {

    /** The timeout as people write it in {@code @Task} ("4s", "2m", "1h30m"), not as ISO-8601 ("PT4S"). */
    public String timeoutText() {
        return DurationText.of(timeout);
    }
}
