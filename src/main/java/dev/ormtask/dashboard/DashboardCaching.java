package dev.ormtask.dashboard;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.impl.MimeMapping;
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
            MultiMap headers = context.response().headers();
            if (headers.contains(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
            }
            // Vert.x's static handler sets the type only when it sends the file: a HEAD went without it. Its own
            // mapping (an internal class of Vert.x), so that a HEAD says what the GET does.
            if (context.request().method() == HttpMethod.HEAD && context.response().getStatusCode() == 200
                    && !headers.contains(HttpHeaders.CONTENT_TYPE)) {
                String path = context.normalizedPath();
                String type = MimeMapping.getMimeTypeForFilename(path.endsWith("/") ? "index.html" : path);
                if (type != null) {
                    headers.set(HttpHeaders.CONTENT_TYPE, type.startsWith("text") ? type + ";charset=UTF-8" : type);
                }
            }
        });
        context.next();
    }
}
