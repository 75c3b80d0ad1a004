package dev.ormtask.datasource;

import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the service watches its datasources: {@code ormtask.datasource.*}. */
@ConfigMapping(prefix = "ormtask.datasource")
public interface DataSourceConfig {

    /**
     * {@code ormtask.datasource.probe-interval}: how often every datasource is probed in the background; a start on one
     * that is down gets 503 with this as its Retry-After, the time until the next probe can see it back.
     */
    @WithDefault("10s")
    @DurationMin(seconds = 1)
    Duration probeInterval();
}
