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

    /**
     * Default value in the parameter's text form (e.g. {@code 30}, {@code 2026-01-31}); empty means none, so a STRING
     * cannot default to the empty string (the task then finds no value: {@code params().string(name)} is null).
     */
    String defaultValue() default "";

    String description() default "";

    /**
     * The smallest value a run may be given, inclusive, in the type's text form like {@link #defaultValue()}; empty
     * means none. Only for {@code INT}, {@code LONG}, {@code DECIMAL}, {@code DATE} and {@code DATETIME}: a start
     * with a smaller value is a 400 naming the parameter and its range.
     */
    String min() default "";

    /** The largest value a run may be given, inclusive; like {@link #min()}. */
    String max() default "";

    /**
     * A password, token or key: stored with the run (so that retries, other nodes and re-runs can use it) but shown
     * as {@code ****} in the API, the service's log, the run's own log and the dashboard.
     */
    boolean secret() default false;
}
