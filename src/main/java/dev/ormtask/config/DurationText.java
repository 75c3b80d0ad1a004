package dev.ormtask.config;

import java.time.Duration;
import java.util.Locale;

/** A duration as people write it in settings and {@code @Task} ("4s", "2m", "1h30m"), not as ISO-8601 ("PT4S"). */
public final class DurationText {

    private DurationText() {
    }

    public static String of(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
