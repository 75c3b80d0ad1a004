package dev.ormtask.api;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a start request (or a read of one run, {@link #forRead}) waits for its run: {@code ?wait=SECONDS}, else RFC 7240 {@code Prefer: wait=N} or
 * {@code Prefer: respond-async}, else the configured default. An explicit {@code ?wait} over the cap is an error;
 * a {@code Prefer} over it is only a preference and is capped.
 */
record WaitPreference(Duration duration, String applied) {

    static WaitPreference of(String waitParam, String prefer, ApiConfig config) {
        Duration max = config.maxWait();
        if (waitParam != null) {
            long seconds;
            try {
                seconds = Long.parseLong(waitParam.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("wait must be a whole number of seconds, not '" + shorten(waitParam) + "'");
            }
            if (seconds < 0 || seconds > max.toSeconds()) {
                throw new InvalidRequestException(
                        "wait must be between 0 and " + max.toSeconds() + " seconds (ormtask.api.max-wait), not " + seconds);
            }
            return new WaitPreference(Duration.ofSeconds(seconds), null);
        }
        if (prefer != null) {
            for (String token : prefer.toLowerCase(Locale.ROOT).split("[,;]")) {
                String t = token.trim();
                if (t.equals("respond-async")) {
                    return new WaitPreference(Duration.ZERO, "respond-async");
                }
                if (t.startsWith("wait=")) {
                    // RFC 7240: a preference that cannot be understood is ignored; wait is delta-seconds, so -3 is
                    // not understood either (it was read as 0, answering at once).
                    String value = t.substring(5).trim();
                    if (value.matches("[0-9]{1,18}")) {
                        long capped = Math.min(Long.parseLong(value), max.toSeconds());
                        return new WaitPreference(Duration.ofSeconds(capped), "wait=" + capped);
                    }
                }
            }
        }
        return new WaitPreference(config.defaultWait(), null);
    }

    /**
     * How long a read of one run waits for its end: as for a start, but without {@code ?wait} or
     * {@code Prefer: wait=N} (null then) a read answers at once, 200 whatever the run's state.
     */
    static WaitPreference forRead(String waitParam, String prefer, ApiConfig config) {
        WaitPreference asked = of(waitParam, prefer, config);
        boolean waits = waitParam != null || (asked.applied() != null && asked.applied().startsWith("wait="));
        return waits ? asked : null;
    }

    private static String shorten(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "…";
    }
}
