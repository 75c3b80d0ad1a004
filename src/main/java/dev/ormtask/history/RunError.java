package dev.ormtask.history;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Why a run did not succeed, as stored in history: bounded message, exception class and stack excerpt. */
public record RunError(String message, String exceptionClass, String stackExcerpt) {

    static final int MAX_MESSAGE = 2000;
    static final int MAX_STACK = 4000;

    /** From a throwable: the root cause's class and message name what went wrong most precisely. */
    public static RunError of(Throwable thrown) {
        Throwable root = rootCause(thrown);
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        if (root != thrown && thrown.getMessage() != null && !thrown.getMessage().equals(message)) {
            message = thrown.getMessage() + " — caused by: " + message;
        }
        return new RunError(cap(message, MAX_MESSAGE), root.getClass().getName(), cap(stack(thrown), MAX_STACK));
    }

    /** An error with no exception behind it (timeouts, cancellations). */
    public static RunError of(String message) {
        return new RunError(cap(message, MAX_MESSAGE), null, null);
    }

    // Cause chains can loop (a.initCause(b) where b was made with cause a): stop at the first throwable seen twice.
    private static Throwable rootCause(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = thrown;
        while (seen.add(root) && cause(root) != null && !seen.contains(cause(root))) {
            root = cause(root);
        }
        return root;
    }

    /**
     * The throwable's cause, else the first it suppressed: a transaction manager that fails a commit reports the
     * resource's failure (the database's error) as suppressed by its own exception, not as its cause.
     */
    private static Throwable cause(Throwable t) {
        if (t.getCause() != null) {
            return t.getCause();
        }
        Throwable[] suppressed = t.getSuppressed();
        return suppressed.length > 0 ? suppressed[0] : null;
    }

    private static String stack(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t) && out.length() < MAX_STACK; t = cause(t)) {
            if (t != thrown) {
                out.append("Caused by: ");
            }
            out.append(t).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 8); i++) {
                out.append("\tat ").append(frames[i]).append('\n');
            }
        }
        return out.toString();
    }

    static String cap(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
