package dev.ormtask.task;

import java.util.regex.Pattern;

/** The one rule for task names: {@code [a-z0-9][a-z0-9-]{0,63}}; they appear in URLs and history. */
public final class TaskNames {

    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private TaskNames() {}

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
