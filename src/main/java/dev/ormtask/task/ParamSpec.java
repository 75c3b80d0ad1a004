package dev.ormtask.task;

/**
 * A validated parameter declaration; {@code defaultValue} is already of {@code type}, or null.
 *
 * @param secret the value is masked wherever people see it (API, logs, run log, dashboard), see {@link Secrets}
 */
public record ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description,
        boolean secret) {

    /** A parameter that is not secret. */
    public ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description) {
        this(name, type, required, defaultValue, description, false);
    }
}
