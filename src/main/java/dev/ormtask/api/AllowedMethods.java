package dev.ormtask.api;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP methods each path of the service answers, for 405 and OPTIONS. Quarkus' own endpoints (health, metrics,
 * OpenAPI) answer any method with 200, the dashboard's files answer 404 to PUT, and REST's OPTIONS lists every
 * method of a resource class; this table says what is true. {@code BadInputTest} checks it against the OpenAPI
 * document, so a new endpoint cannot be forgotten here.
 */
final class AllowedMethods {

    static final List<String> READ = List.of("GET", "HEAD", "OPTIONS");
    static final List<String> ACTION = List.of("POST", "OPTIONS");

    private static final String SEGMENT = "[^/]+";
    private static final List<Route> ROUTES = List.of(
            new Route("/", READ),
            new Route("/dashboard", READ),
            new Route("/api/tasks", READ),
            new Route("/api/tasks/" + SEGMENT, READ),
            new Route("/api/tasks/" + SEGMENT + "/runs", ACTION),
            new Route("/api/tasks/" + SEGMENT + "/(pause|resume)", ACTION),
            new Route("/api/runs", READ),
            new Route("/api/runs/" + SEGMENT, READ),
            new Route("/api/runs/" + SEGMENT + "/(cancel|rerun)", ACTION),
            new Route("/api/runs/" + SEGMENT + "/log", READ),
            new Route("/api/datasources", READ),
            new Route("/api/overview", READ),
            new Route("/api/me", READ),
            new Route("/q/health(/(live|ready|started|well))?", READ),
            new Route("/q/metrics", READ),
            new Route("/q/openapi", READ));

    private record Route(Pattern path, List<String> methods) {
        Route(String regex, List<String> methods) {
            this(Pattern.compile(regex), methods);
        }
    }

    private AllowedMethods() {}

    /** The methods {@code path} answers, or empty for a path this table does not know (left to answer 404). */
    static Optional<List<String>> of(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (Route route : ROUTES) {
            if (route.path().matcher(path).matches()) {
                return Optional.of(route.methods());
            }
        }
        return isDashboardFile(path) ? Optional.of(READ) : Optional.empty();
    }

    /** The dashboard's static files, as packaged (META-INF/resources/dashboard). */
    private static boolean isDashboardFile(String path) {
        if (!path.startsWith("/dashboard/")) {
            return false;
        }
        String file = path.equals("/dashboard/") ? "index.html" : path.substring("/dashboard/".length());
        return file.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
                && AllowedMethods.class.getClassLoader().getResource("META-INF/resources/dashboard/" + file) != null;
    }
}
