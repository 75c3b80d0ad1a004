package dev.ormtask.api;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Limits and defaults of the REST API: {@code ormtask.api.*}. */
@ConfigMapping(prefix = "ormtask.api")
public interface ApiConfig {

    /** {@code ormtask.api.default-wait}: how long a start waits for the run to end when the client does not say. */
    @WithDefault("30s")
    @DurationMin(seconds = 0)
    Duration defaultWait();

    /** {@code ormtask.api.max-wait}: the longest wait a client may ask for ({@code ?wait=} above it is refused). */
    @WithDefault("5m")
    @DurationMin(seconds = 0)
    Duration maxWait();

    /** {@code ormtask.api.max-body-bytes}: the largest parameters body; larger gets 413. */
    @WithDefault("65536")
    @Min(0)
    int maxBodyBytes();

    /**
     * {@code ormtask.api.max-body-bytes-in-flight}: the bytes of all request bodies being received at once; a request
     * whose body would pass them is a 503. Unset: an eighth of the heap.
     */
    Optional<@Min(1) Long> maxBodyBytesInFlight();

    /** {@code ormtask.api.max-parameters}: the most parameters one start may send. */
    @WithDefault("64")
    @Min(0)
    int maxParameters();

    /** {@code ormtask.api.max-parameter-length}: the longest string parameter value, in characters. */
    @WithDefault("4096")
    @Min(0)
    int maxParameterLength();
}
