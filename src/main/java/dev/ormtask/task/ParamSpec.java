package dev.ormtask.task;

/**
 * A validated parameter declaration; {@code defaultValue}, {@code min} and {@code max} are already of {@code type},
 * or null.
 *
 * @param secret the value is masked wherever people see it (API, logs, run log, dashboard), see {@link Secrets}
 * @param min the smallest value a run may be given, inclusive; null for none
 * @param max the largest value a run may be given, inclusive; null for none
 */
public record ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description,
        boolean secret, Object min, Object max) {

    /** A parameter without bounds. */
    public ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description,
            boolean secret) {
        this(name, type, required, defaultValue, description, secret, null, null);
    }

    /** A parameter that is not secret and has no bounds. */
    public ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description) {
        this(name, type, required, defaultValue, description, false);
    }

    /** Why {@code value} (of this parameter's type) is outside its bounds, or null when it is within them. */
    String outOfRange(Object value) {
        boolean belowMin = min != null && type.compare(value, min) < 0;
        boolean aboveMax = max != null && type.compare(value, max) > 0;
        if (!belowMin && !aboveMax) {
            return null;
        }
        return "parameter '" + name + "' must be " + range() + ", not " + text(value);
    }

    /** The bounds in words: "from 1 to 1000", "at least 1", "at most 1000". */
    String range() {
        if (min != null && max != null) {
            return "from " + text(min) + " to " + text(max);
        }
        return min != null ? "at least " + text(min) : "at most " + text(max);
    }

    private static String text(Object value) {
        return value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }
}
