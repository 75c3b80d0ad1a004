package dev.ormtask.dashboard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/** The dashboard's files, and the libraries it imports, are checked with the service on every load. */
@Singleton
class DashboardCaching {

    // Quarkus serves these with "public, immutable, max-age=86400". Their names carry no version, so after an upgrade
    // a browser kept the old dashboard for a day, reload or not. "no-cache" keeps Last-Modified: a file that did not
    // change costs a 304 and no body.
    private static final String REVALIDATE = "no-cache";
    private static final List<String> PATHS = List.of("/dashboard/*", "/webjars/*", "/_static/*");

    void install(@Observes Router router) {
        for (String path : PATHS) {
            router.route(path).order(0).handler(this::revalidate);
        }
    }

    private void revalidate(RoutingContext context) {
        context.addHeadersEndHandler(ignored -> {
            if (context.response().headers().contains(HttpHeaders.CACHE_CONTROL)) {
                context.response().headers().set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
            }
        });
        context.next();
    }
}
