package dev.ormtask.schedule;

import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Cron scheduling on this replica: {@code ormtask.schedule.*}. */
@ConfigMapping(prefix = "ormtask.schedule")
public interface ScheduleConfig {

    /** {@code ormtask.schedule.enabled}: false makes this replica API-only (it never fires cron jobs). */
    @WithDefault("true")
    boolean enabled();

    /** {@code ormtask.schedule.misfire-horizon}: a RUN_ONCE task catches up only fires missed within this window. */
    @WithDefault("1h")
    @DurationMin(seconds = 0)
    Duration misfireHorizon();
}
