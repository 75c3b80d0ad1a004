package dev.ormtask.api;

import java.time.Duration;

/**
 * How long a start request (or a read of one run, {@link #forRead}) waits for its run: {@code ?wait=SECONDS}, else RFC 7240 {@code Prefer: wait=N} or
 * {@code Prefer: respond-async}, else the configured default. An explicit {@code ?wait} over the cap is an error;
 * a {@code Prefer} over it is only a preference and is capped.
 */
record WaitPreference(Duration duration, String applied) {

    static WaitPreference of(String waitParam, String prefer, ApiConfig config) {
        Duration max = config.maxWait();
        if (waitParam != null) {
            long seconds = StrictQuery.digits(waitParam);
            if (seconds < 0) {
                throw new InvalidRequestException("wait must be a whole number of seconds from 0 to " + max.toSeconds()
                        + " (ormtask.api.max-wait), not '" + shorten(waitParam) + "'");
            }
            if (seconds > max.toSeconds()) {
                throw new InvalidRequestException("wait must be between 0 and " + max.toSeconds()
                        + " seconds (ormtask.api.max-wait), not " + shorten(waitParam));
            }
            return new WaitPreference(Duration.ofSeconds(seconds), null);
        }
        if (prefer != null) {
            boolean async = false;
            Long wait = null;
            // RFC 7240: preferences are separated by ',', and what follows a ';' are parameters of the preference
            // before it ("handling=lenient; respond-async" asks for no respond-async); a value may be quoted.
            for (HeaderElement preference : HeaderElement.list(prefer)) {
                String name = preference.name();
                String value = preference.argument();
                if (name.equals("respond-async")) {
                    async = true;
                } else if (name.equals("wait") && wait == null && StrictQuery.digits(value) >= 0) {
                    // delta-seconds: a preference that cannot be understood is ignored (-3 is not read as 0); one
                    // too large for a long is still a wait, capped like any other
                    wait = Math.min(StrictQuery.digits(value), max.toSeconds());
                }
            }
            if (wait != null) {
                // With respond-async too (RFC 7240, 4.1): the client waits that long for the outcome, then takes a 202.
                return new WaitPreference(Duration.ofSeconds(wait), (async ? "respond-async, " : "") + "wait=" + wait);
            }
            if (async) {
                return new WaitPreference(Duration.ZERO, "respond-async");
            }
        }
        return new WaitPreference(config.defaultWait(), null);
    }

    /**
     * What an answer names in Preference-Applied: respond-async only on a 202 (RFC 7240 4.1: a run that ended within
     * the wait is answered synchronously, so that preference was not applied); null when nothing was.
     */
    String appliedTo(boolean accepted) {
        if (applied == null || accepted) {
            return applied;
        }
        String rest = applied.replaceFirst("^respond-async(, )?", "");
        return rest.isEmpty() ? null : rest;
    }

    /**
     * How long a read of one run waits for its end: as for a start, but without {@code ?wait} or
     * {@code Prefer: wait=N} (null then) a read answers at once, 200 whatever the run's state.
     */
    static WaitPreference forRead(String waitParam, String prefer, ApiConfig config) {
        WaitPreference asked = of(waitParam, prefer, config);
        boolean waits = waitParam != null || (asked.applied() != null && asked.applied().contains("wait="));
        return waits ? asked : null;
    }

    private static String shorten(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "…";
    }
}
