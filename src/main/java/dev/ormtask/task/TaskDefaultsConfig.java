package dev.ormtask.task;

import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What a task that declares nothing gets: {@code ormtask.run.default-timeout}. It keeps the runs' prefix it was always
 * documented under, but is read here so that the task layer needs nothing from the run layer above it.
 */
@ConfigMapping(prefix = "ormtask.run")
public interface TaskDefaultsConfig {

    /** {@code ormtask.run.default-timeout}: timeout of a task that declares none. */
    @WithDefault("5m")
    @DurationMin(millis = 1)
    Duration defaultTimeout();
}
