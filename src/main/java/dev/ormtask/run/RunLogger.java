package dev.ormtask.run;

import dev.ormtask.task.Secrets;
import java.text.MessageFormat;
import java.util.IllegalFormatException;
import org.jboss.logging.Logger;

/**
 * The logger a task gets as {@code ctx.log()}: every line it logs at an enabled level goes to the service's log
 * (through the task's own logger, MDC and all) and into the run's {@link RunJournal}, with the values of secret
 * parameters masked in both, exception messages included.
 */
final class RunLogger extends Logger {

    private final transient Logger delegate;
    private final transient RunJournal journal;

    RunLogger(Logger delegate, RunJournal journal) {
        super(delegate.getName());
        this.delegate = delegate;
        this.journal = journal;
    }

    @Override
    public boolean isEnabled(Level level) {
        return delegate.isEnabled(level);
    }

    @Override
    protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters, Throwable thrown) {
        if (!delegate.isEnabled(level)) {
            return;
        }
        String text = String.valueOf(message);
        if (parameters != null && parameters.length > 0) {
            try {
                text = MessageFormat.format(text, parameters);
            } catch (IllegalArgumentException e) {
                text = text + " " + java.util.Arrays.toString(parameters);
            }
        }
        emit(level, loggerClassName, text, thrown);
    }

    @Override
    protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters, Throwable thrown) {
        if (!delegate.isEnabled(level)) {
            return;
        }
        String text;
        try {
            text = parameters == null ? format : String.format(format, parameters);
        } catch (IllegalFormatException e) {
            text = format + " " + java.util.Arrays.toString(parameters);
        }
        emit(level, loggerClassName, text, thrown);
    }

    private void emit(Level level, String loggerClassName, String text, Throwable thrown) {
        Secrets secrets = journal.secrets();
        String masked = secrets.mask(text);
        Throwable shown;
        try {
            shown = MaskedThrowable.of(thrown, secrets);
        } catch (RuntimeException e) { // logging must never fail the task: keep the line, not the exception
            shown = null;
            masked = masked + " (exception not shown: " + e + ")";
        }
        // Already formatted: no parameters, so the log manager prints the text as it is.
        delegate.log(loggerClassName, level, masked, null, shown);
        journal.line(level.name(), shown == null ? masked : masked + " — " + shown);
    }

    /** A stand-in for an exception whose message (or a cause's) holds a secret: same class name and stack, masked. */
    static final class MaskedThrowable extends Throwable {

        private static final long serialVersionUID = 1L;
        private static final int MAX_CAUSES = 20;

        private final String shown;

        private MaskedThrowable(Throwable original, Secrets secrets, int depth) {
            super(secrets.mask(original.getMessage()), maskedCause(original, secrets, depth), false, true);
            String message = getMessage();
            this.shown = original.getClass().getName() + (message == null ? "" : ": " + message);
            setStackTrace(original.getStackTrace());
        }

        private static Throwable maskedCause(Throwable original, Secrets secrets, int depth) {
            Throwable cause = original.getCause();
            return cause == null || cause == original || depth >= MAX_CAUSES
                    ? null
                    : new MaskedThrowable(cause, secrets, depth + 1);
        }

        static Throwable of(Throwable thrown, Secrets secrets) {
            if (thrown == null || secrets.isEmpty() || !mentionsSecret(thrown, secrets)) {
                return thrown;
            }
            return new MaskedThrowable(thrown, secrets, 0);
        }

        private static boolean mentionsSecret(Throwable thrown, Secrets secrets) {
            int depth = 0;
            for (Throwable t = thrown; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
                String message = t.getMessage();
                if (message != null && !message.equals(secrets.mask(message))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return shown;
        }
    }
}
