package dev.ormtask.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.MisfirePolicy;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fire times are computed in the task's own time zone, daylight saving time included. */
class CronExpressionsTest {

    private static RegisteredTask task(String cron, String zone) {
        return new RegisteredTask("t", "", "<default>", Optional.of(cron), ZoneId.of(zone), Duration.ofMinutes(1), true,
                List.of(), ConcurrencyPolicy.ALLOW, MisfirePolicy.SKIP, Optional.empty(),
                new RetryPolicy(1, Duration.ofSeconds(1)), ctx -> null);
    }

    @Test
    void nineOClockInNewYorkFollowsDaylightSavingTime() {
        RegisteredTask nine = task("0 0 9 * * ?", "America/New_York");
        assertEquals(Instant.parse("2026-07-01T13:00:00Z"),
                CronExpressions.nextAfter(nine, Instant.parse("2026-07-01T00:00:00Z")).orElseThrow(), "EDT is UTC-4");
        assertEquals(Instant.parse("2026-01-15T14:00:00Z"),
                CronExpressions.nextAfter(nine, Instant.parse("2026-01-15T00:00:00Z")).orElseThrow(), "EST is UTC-5");
        // The Sunday the clocks go forward (2026-03-08), 9:00 is still 9:00 local.
        assertEquals(Instant.parse("2026-03-08T13:00:00Z"),
                CronExpressions.nextAfter(nine, Instant.parse("2026-03-08T05:00:00Z")).orElseThrow());
    }

    @Test
    void monthlyCronFiresAtTwoOnTheFirstInUtc() {
        RegisteredTask monthly = task("0 0 2 1 * ?", "UTC");
        assertEquals(Instant.parse("2026-12-01T02:00:00Z"),
                CronExpressions.nextAfter(monthly, Instant.parse("2026-11-25T14:00:00Z")).orElseThrow());
        assertEquals(Instant.parse("2026-11-01T02:00:00Z"),
                CronExpressions.lastAtOrBefore(monthly, Instant.parse("2026-11-25T14:00:00Z")).orElseThrow());
    }

    @Test
    void lastFireIncludesAFireExactlyAtTheInstant() {
        RegisteredTask everySecond = task("* * * * * ?", "UTC");
        assertEquals(Instant.parse("2026-11-25T14:00:05Z"),
                CronExpressions.lastAtOrBefore(everySecond, Instant.parse("2026-11-25T14:00:05Z")).orElseThrow());
        assertEquals(Instant.parse("2026-11-25T14:00:05Z"),
                CronExpressions.lastAtOrBefore(everySecond, Instant.parse("2026-11-25T14:00:05.900Z")).orElseThrow());
    }
}
