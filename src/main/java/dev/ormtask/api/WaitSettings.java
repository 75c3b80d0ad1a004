package dev.ormtask.api;

import dev.ormtask.config.DurationText;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Singleton;

/**
 * Refuses to start with a default wait longer than the longest wait a client may ask for: a start that says nothing
 * would then hold its connection longer than any that asks, past what the operator set {@code max-wait} for (often a
 * proxy's timeout).
 */
@Startup
@Singleton
class WaitSettings {

    WaitSettings(ApiConfig config) {
        if (config.defaultWait().compareTo(config.maxWait()) > 0) {
            // A ConfigurationException: Quarkus prints its message alone, not under a stack trace.
            throw new ConfigurationException("ormtask.api.default-wait (" + DurationText.of(config.defaultWait())
                    + ") is longer than ormtask.api.max-wait (" + DurationText.of(config.maxWait()) + "), the longest wait a"
                    + " client may ask for; set ORMTASK_API_DEFAULT_WAIT to at most ORMTASK_API_MAX_WAIT");
        }
    }
}
