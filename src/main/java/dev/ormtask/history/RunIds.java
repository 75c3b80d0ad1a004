package dev.ormtask.history;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Run ids are UUIDv7 strings: time-ordered, so the primary key index grows at its right edge and "newest first"
 * is simply "highest id first", with no coordination between replicas.
 */
public final class RunIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    // Milliseconds in the high bits, a per-process sequence in the low 12: ids made in one process never go back.
    private static final AtomicLong LAST = new AtomicLong();
    private static final Pattern SHAPE =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private RunIds() {}

    public static String next(Clock clock) {
        long now = clock.millis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(last + 1, now));
        long millis = stamp >>> 12;
        long seq = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | seq;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** The smallest id made at or after {@code at}: every run queued before {@code at} has a smaller id. */
    public static String lowerBound(java.time.Instant at) {
        return new UUID((at.toEpochMilli() << 16) | 0x7000L, 0x8000000000000000L).toString();
    }

    /** True for a string shaped like the ids this service makes. */
    public static boolean isWellFormed(String id) {
        return id != null && id.length() == 36 && SHAPE.matcher(id).matches();
    }
}
