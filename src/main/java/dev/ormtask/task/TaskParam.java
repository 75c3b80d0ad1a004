package dev.ormtask.task;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One declared parameter of a {@link Task}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface TaskParam {

    String name();

    ParamType type() default ParamType.STRING;

    boolean required() default false;

    /** Default value in the parameter's text form (e.g. {@code 30}, {@code 2026-01-31}); empty means none. */
    String defaultValue() default "";

    String description() default "";

    /**
     * A password, token or key: stored with the run (so that retries, other nodes and re-runs can use it) but shown
     * as {@code ****} in the API, the service's log, the run's own log and the dashboard.
     */
    boolean secret() default false;
}
