package dev.ormtask.config;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A warning that repeats for as long as something stays down (history during an outage: every refused request, every
 * poll): logged the first time, then at most once per interval with how many like it were left out meanwhile, which
 * go to DEBUG. An outage under load otherwise wrote a WARN per request.
 */
public final class RepeatedWarning {

    private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextAt;
    private boolean logged;
    private int leftOut;

    public RepeatedWarning(Logger log) {
        this(log, DEFAULT_INTERVAL, System::nanoTime);
    }

    RepeatedWarning(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    public void warn(String message) {
        String line = next(message);
        if (line != null) {
            log.warn(line);
        } else {
            log.debug(message);
        }
    }

    /** The line to log at WARN for this occurrence, or null when it is one to leave out. */
    synchronized String next(String message) {
        long now = nanoTime.getAsLong();
        if (logged && now - nextAt < 0) {
            leftOut++;
            return null;
        }
        String line = leftOut == 0 ? message : message + " (and " + leftOut + " more like it in the last "
                + Duration.ofNanos(intervalNanos).toSeconds() + " s)";
        logged = true;
        leftOut = 0;
        nextAt = now + intervalNanos;
        return line;
    }
}
