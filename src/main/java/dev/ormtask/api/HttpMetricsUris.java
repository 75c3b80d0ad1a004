package dev.ormtask.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Keeps the {@code uri} label of the HTTP metrics to the service's routes, and {@code method} to HTTP's methods. A
 * request refused before the REST layer matched it (no token: 401; a method or path the guard refuses: 405, 400) was
 * labelled with its raw path, so anyone could add a time series per request, and after 100 such paths Micrometer
 * stopped recording the real endpoints too.
 */
@Singleton
class HttpMetricsUris {

    static final String UNKNOWN = "UNKNOWN";
    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");

    @Produces
    @Singleton
    MeterFilter boundedUris() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return id;
                }
                String method = id.getTag("method");
                if (method != null && !METHODS.contains(method)) {
                    // any token is a method to HTTP: "M1", "M2"… (or 20 KB of one) each made a series
                    id = id.withTag(Tag.of("method", UNKNOWN));
                }
                String uri = id.getTag("uri");
                String status = id.getTag("status");
                // A template ("/api/runs/{id}"), Quarkus' own NOT_FOUND, or a file that was served: already bounded.
                if (uri == null || status == null || !status.startsWith("4") || !uri.startsWith("/")
                        || uri.indexOf('{') >= 0) {
                    return id;
                }
                return id.withTag(Tag.of("uri", AllowedMethods.template(uri).orElse(UNKNOWN)));
            }
        };
    }
}
