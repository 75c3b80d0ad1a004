package dev.ormtask.api;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has sent and received nothing for as long as no request of the API may wait, plus a
 * margin: a client that stops halfway through its headers (slowloris) held its connection for Quarkus' default 30
 * minutes. A long poll sends nothing while it waits, for up to {@code ormtask.api.max-wait}, so the timeout follows
 * that setting rather than being a second one to keep above it.
 */
@Singleton
class IdleConnections implements HttpServerOptionsCustomizer {

    static final Duration MARGIN = Duration.ofSeconds(10);

    private final ApiConfig config;

    IdleConnections(ApiConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    private void apply(HttpServerOptions options) {
        apply(options, timeout(config.maxWait()));
    }

    /** The idle timeout: the longest wait a request may have (the default is never longer, WaitSettings), plus the margin. */
    static Duration timeout(Duration maxWait) {
        return maxWait.plus(MARGIN);
    }

    static void apply(HttpServerOptions options, Duration timeout) {
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) Math.min(Integer.MAX_VALUE,
                timeout.toMillis()));
    }
}
