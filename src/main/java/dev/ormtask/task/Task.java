package dev.ormtask.task;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Metadata of an {@link OrmTask}; cron, timeout and enabled can be overridden under {@code ormtask.tasks."name"}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Task {

    /** Unique name, {@code [a-z0-9][a-z0-9-]{0,63}}; used in URLs and history. */
    String name();

    /** Quarkus datasource name; empty means the default datasource. */
    String datasource() default "";

    String description() default "";

    /** Quartz-style cron (seconds first), as Quarkus Scheduler reads it; empty means API-only. */
    String cron() default "";

    /** Time zone the cron is read in. */
    String timeZone() default "UTC";

    /** Duration such as {@code 30s}, {@code 5m} or {@code PT1H}; empty means {@code ormtask.run.default-timeout}. */
    String timeout() default "";

    TaskParam[] params() default {};

    /** What a start does while another run of this task is active (across all replicas). */
    ConcurrencyPolicy concurrency() default ConcurrencyPolicy.ALLOW;

    /** What happens to cron fires missed while no replica was up. */
    MisfirePolicy misfire() default MisfirePolicy.SKIP;

    /** Attempts in all for failures a retry can fix (serialization failures, deadlocks, lost connections); 1 = none. */
    int maxAttempts() default 1;

    /** Delay before the second attempt, doubled for each later one (with jitter), e.g. {@code 1s}. */
    String retryBackoff() default "1s";

    /** A role a client needs, besides operator, to start this task (e.g. for destructive purges); empty for none. */
    String requiredRole() default "";
}
