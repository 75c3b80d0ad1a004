package dev.ormtask.api;

import java.util.List;
import java.util.Optional;

/**
 * The HTTP methods each path of the service answers, for 405 and OPTIONS. Quarkus' own endpoints (health, metrics,
 * OpenAPI) answer any method with 200, the dashboard's files answer 404 to PUT, and REST's OPTIONS lists every
 * method of a resource class; this table says what is true. {@code BadInputTest} checks it against the OpenAPI
 * document, so a new endpoint cannot be forgotten here.
 */
final class AllowedMethods {

    static final List<String> READ = List.of("GET", "HEAD", "OPTIONS");
    static final List<String> ACTION = List.of("POST", "OPTIONS");

    // Matched segment by segment, not by regular expression: every request passes through here. "*" is any one
    // non-empty segment, "a|b" either word.
    private static final List<Route> ROUTES = List.of(
            new Route("/", READ),
            new Route("/dashboard", READ),
            new Route("/api/tasks", READ),
            new Route("/api/tasks/*", READ),
            new Route("/api/tasks/*/runs", ACTION),
            new Route("/api/tasks/*/pause|resume", ACTION),
            new Route("/api/runs", READ),
            new Route("/api/runs/*", READ),
            new Route("/api/runs/*/cancel|rerun", ACTION),
            new Route("/api/runs/*/log", READ),
            new Route("/api/datasources", READ),
            new Route("/api/overview", READ),
            new Route("/api/me", READ),
            new Route("/q/health", READ),
            new Route("/q/health/live|ready|started|well", READ),
            new Route("/q/metrics", READ),
            new Route("/q/openapi", READ));

    private record Route(String[] segments, List<String> methods) {
        Route(String path, List<String> methods) {
            this(path.split("/", -1), methods);
        }

        boolean matches(String[] path) {
            if (path.length != segments.length) {
                return false;
            }
            for (int i = 0; i < path.length; i++) {
                if (!matches(segments[i], path[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean matches(String pattern, String segment) {
            if (pattern.equals("*")) {
                return !segment.isEmpty();
            }
            if (pattern.indexOf('|') < 0) {
                return pattern.equals(segment);
            }
            for (String word : pattern.split("\\|")) {
                if (word.equals(segment)) {
                    return true;
                }
            }
            return false;
        }
    }

    private AllowedMethods() {}

    /** The methods {@code path} answers, or empty for a path this table does not know (left to answer 404). */
    static Optional<List<String>> of(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Optional<Route> route = route(path.split("/", -1));
        if (route.isPresent()) {
            return Optional.of(route.get().methods());
        }
        return isDashboardFile(path) || isStaticLibrary(path) ? Optional.of(READ) : Optional.empty();
    }

    private static Optional<Route> route(String[] segments) {
        return ROUTES.stream().filter(route -> route.matches(segments)).findFirst();
    }

    /**
     * The files of the dashboard's libraries and of Swagger UI, served from their jars: read-only wherever they are
     * (a GET of one that does not exist is still a 404).
     */
    private static boolean isStaticLibrary(String path) {
        return path.startsWith("/webjars/") || path.startsWith("/_static/") || path.equals("/q/swagger-ui")
                || path.startsWith("/q/swagger-ui/");
    }

    /**
     * The route {@code path} belongs to, spelled as the REST layer names it in metrics ({@code /api/runs/{id}/cancel}),
     * or empty for a path this table does not know or a dashboard file.
     */
    static Optional<String> template(String path) {
        String[] segments = path.split("/", -1);
        return route(segments).map(route -> {
            StringBuilder template = new StringBuilder();
            for (int i = 1; i < segments.length; i++) {
                template.append('/').append(!route.segments()[i].equals("*") ? segments[i]
                        : segments[i - 1].equals("tasks") ? "{name}" : "{id}");
            }
            return template.length() == 0 ? "/" : template.toString();
        });
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
