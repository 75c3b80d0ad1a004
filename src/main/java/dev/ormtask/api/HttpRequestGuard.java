package dev.ormtask.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks every request before REST sees it (after authentication), answering as problem+json: a declared body over
 * {@code ormtask.api.max-body-bytes} (413, before it is read; one without a length is counted as it is read, see
 * {@link RequestBodyReader}), a Transfer-Encoding other than chunked (501), a compressed body or a
 * Content-Type that is no media type (415), an HTTP version other than 1.0, 1.1 or 2 (505), two Authorization or
 * Host headers (or one naming two hosts), an empty Host or a ';' in the path (400), an Expect other than 100-continue
 * (417), a path below {@code /q/metrics} or an OPTIONS of a path
 * the service does not have (404), an Accept on {@code /api/} or {@code /q/metrics} that refuses every type served
 * there (406, before anything is done; one that takes a served type is respelled as the route matches it), and a
 * method a path does not answer (405 with a true {@code Allow}; OPTIONS answers 204 with it).
 */
@Singleton
class HttpRequestGuard {

    // Before Quarkus' body-size check (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT, -2); after authentication and HTTP
    // permissions (routes at minus SecurityHandlerPriorities.AUTHENTICATION and .AUTHORIZATION), so a request without
    // a valid token is a 401 before any of its body is read.
    static final int ORDER = -3;

    // RFC 9110 8.3.1: type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] ). A parameter
    // without "=" ("application/json; charset") is no media type either.
    // Possessive and without capturing groups: the header is the client's, and a backtracking match recursed once per
    // parameter (a StackOverflowError on the event loop at a few hundred of them) and took seconds over long runs of
    // blanks around the ';'s.
    private static final String TOKEN = "[\\w.+!#$&^`|~'*%-]++";
    private static final Pattern MEDIA_TYPE = Pattern.compile("[ \\t]*+" + TOKEN + "/" + TOKEN
            + "(?:[ \\t]*+;[ \\t]*+(?:" + TOKEN + "=(?:" + TOKEN + "|\"(?:[^\"\\\\]|\\\\.)*+\"))?+)*+[ \\t]*+");

    private static final List<String> ONCE = List.of("Authorization", "Host");
    // An HTTP/2 GET upgraded from HTTP/1.1 (h2c) has not ended when it gets here: it was taken for one with a body.
    private static final List<HttpMethod> TAKES_A_BODY = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private static final String METRICS = "/q/metrics";
    private static final String API = "/api/";
    private static final String JSON = "application/json";

    private final ApiConfig config;
    private final RequestBodyReader bodies;

    HttpRequestGuard(ApiConfig config, RequestBodyReader bodies) {
        this.config = config;
        this.bodies = bodies;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().version() == null) {
            // Vert.x knows HTTP/1.0, HTTP/1.1 and HTTP/2, and answered any other request line ("FOO/1.1", "HTTP/9.9")
            // as if it were HTTP/1.1, echoing its version in the status line.
            refuseUnreadable(context, 505, "this service speaks HTTP/1.0, HTTP/1.1 and HTTP/2; the request line names"
                    + " another version");
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = declaredLength(length);
        if (declared > config.maxBodyBytes()) {
            refuseTooLarge(context, declared);
            return;
        }
        String transfer = context.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transfer != null && !transfer.strip().equalsIgnoreCase("chunked")) {
            // The HTTP decoder reads only chunked bodies and ignored any other coding ("gzip, chunked" was taken as
            // plain chunks, "identity" beside a Content-Length as that length): where this body ends is unclear.
            refuseUnreadable(context, 501, "Transfer-Encoding '" + StrictQuery.quote(transfer.strip())
                    + "' is not supported; send the body with a Content-Length or as Transfer-Encoding: chunked");
            return;
        }
        // HTTP/2 has no Transfer-Encoding: a request without a length has a body unless its stream has already ended.
        boolean bodyToCome = length != null ? declared != 0
                : transfer != null || context.request().version() == HttpVersion.HTTP_2 && !context.request().isEnded()
                        && TAKES_A_BODY.contains(context.request().method());
        if (bodyToCome) {
            HttpProblems.watchAbandonedBody(context);
        }
        // An empty POST too: with a Content-Type that is no media type Quarkus answered a bare 415 or 400.
        if (bodyToCome || context.request().method() == HttpMethod.POST) {
            String refused = unreadableBody(context);
            if (refused != null) {
                HttpProblems.send(context.response(), 415, refused);
                return;
            }
        }
        for (String once : ONCE) {
            int given = context.request().headers().getAll(once).size();
            if (given > 1) {
                // Which one would count is up to the HTTP library: a request naming two clients (or two hosts,
                // RFC 9112 3.2) is refused, not guessed.
                HttpProblems.send(context.response(), 400, once + " is given " + given + " times; give it once");
                return;
            }
        }
        String host = context.request().getHeader(HttpHeaders.HOST);
        if (host != null && host.isBlank() && context.request().version() == HttpVersion.HTTP_1_1) {
            // Vert.x refuses a request without Host, but took an empty one (RFC 9112 3.2: a 400 for an http URI).
            HttpProblems.send(context.response(), 400, HttpProblems.NO_VALID_HOST);
            return;
        }
        if (host != null && host.indexOf(',') >= 0) {
            // What a proxy makes of two Host headers, refused like the two themselves.
            HttpProblems.send(context.response(), 400, "Host names more than one host; give one");
            return;
        }
        String expect = context.request().getHeader(HttpHeaders.EXPECT);
        if (expect != null && !expect.strip().equalsIgnoreCase("100-continue")) {
            // RFC 9110 10.1.1: an expectation the server cannot meet is a 417; it was ignored and the run started.
            HttpProblems.send(context.response(), 417, "Expect '" + StrictQuery.quote(expect.strip())
                    + "' is not supported; the only expectation this service meets is 100-continue");
            return;
        }
        if (context.request().path().indexOf(';') >= 0) {
            // The REST layer takes what follows a ';' in a segment as a matrix parameter and drops it unread:
            // ".../runs;dryRun=true" started a real run, "/api/runs;status=FAILED" listed every status.
            HttpProblems.send(context.response(), 400, "the path has a ';'; this API takes no parameters in the"
                    + " path: send them in the query after '?' (e.g. ?dryRun=true), and a ';' inside a name as %3B");
            return;
        }
        if (context.normalizedPath().startsWith(METRICS + "/")) {
            // Micrometer's route takes any path below its own, for every method: DELETE /q/metrics/x answered 200.
            HttpProblems.send(context.response(), 404, HttpProblems.NO_SUCH_RESOURCE);
            return;
        }
        if (METRICS.equals(context.normalizedPath())) {
            List<HeaderElement> ranges = acceptRanges(context);
            if (!ranges.isEmpty()) {
                String routable = MetricsAccept.routable(ranges);
                if (routable == null) {
                    // Micrometer's route answered a bare 406, its reason in the status line and no body.
                    HttpProblems.send(context.response(), 406, "Accept '" + StrictQuery.quote(acceptAsSent(context))
                            + "' names no type " + METRICS + " answers with: " + MetricsAccept.OFFERED
                            + "; send one of them, or no Accept");
                    return;
                }
                // Read by the route's match, which parses the headers when it first needs them, after this handler.
                context.request().headers().set(HttpHeaders.ACCEPT, routable);
            }
        }
        Optional<List<String>> allowed = AllowedMethods.of(context.normalizedPath());
        if (allowed.isEmpty() && context.request().method() == HttpMethod.OPTIONS) {
            // Vert.x answered 200 "Allow: HEAD, GET, OPTIONS" for any path, where a GET is a 404.
            HttpProblems.send(context.response(), 404, HttpProblems.NO_SUCH_RESOURCE);
            return;
        }
        if (allowed.isPresent()) {
            HttpMethod method = context.request().method();
            String allow = String.join(", ", allowed.get());
            if (method == HttpMethod.OPTIONS) {
                context.response().setStatusCode(204).putHeader(HttpHeaders.ALLOW, allow).end();
                return;
            }
            if (!allowed.get().contains(method.name())) {
                HttpProblems.send(context.response().putHeader(HttpHeaders.ALLOW, allow), 405,
                        "this resource answers " + allow + ", not " + method.name());
                return;
            }
            // A resource of the API (an unknown path stays RESTEasy's 404), after its method: RESTEasy matched its
            // own spelling, so "application/json ;q=1" got a 406 and "application/json;q=0" was served (a start
            // recorded its run) though the client refused the only type the API answers with.
            if (context.normalizedPath().startsWith(API)) {
                List<HeaderElement> ranges = acceptRanges(context);
                if (!ranges.isEmpty()) {
                    if (MediaRanges.choose(ranges, JSON, null).quality() <= 0) {
                        HttpProblems.send(context.response(), 406, MediaRanges.notAcceptable(acceptAsSent(context)));
                        return;
                    }
                    context.request().headers().set(HttpHeaders.ACCEPT, JSON);
                }
            }
        }
        if (bodyToCome) {
            bodies.admit(context, declared);
        } else {
            context.next();
        }
    }

    /**
     * The media ranges of every Accept line, each line read on its own. None: no Accept, or one of only empty elements
     * ("", ","), which RFC 9110 5.6.1 reads as none; such a header is removed, so that no later match reads it.
     */
    private static List<HeaderElement> acceptRanges(RoutingContext context) {
        List<String> lines = context.request().headers().getAll(HttpHeaders.ACCEPT);
        if (lines.isEmpty()) {
            return List.of(); // the common case, a start without Accept: nothing to parse or remove
        }
        List<HeaderElement> ranges = HeaderElement.list(HeaderElement.joined(lines));
        if (ranges.isEmpty()) {
            context.request().headers().remove(HttpHeaders.ACCEPT);
        }
        return ranges;
    }

    private static String acceptAsSent(RoutingContext context) {
        return String.join(", ", context.request().headers().getAll(HttpHeaders.ACCEPT));
    }

    /**
     * Why a body cannot be read at all, or null: compressed (the service does not inflate bodies, and read as it is a
     * gzip body was a puzzling "not valid JSON"), or a Content-Type that is no media type (Quarkus' own 415 then said
     * only "Unsupported Media Type").
     */
    private static String unreadableBody(RoutingContext context) {
        String encoding = context.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            return "Content-Encoding '" + StrictQuery.quote(encoding.strip()) + "' is not accepted; send the body"
                    + " uncompressed";
        }
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && !MEDIA_TYPE.matcher(type).matches()) {
            return "Content-Type '" + StrictQuery.quote(type) + "' is not a media type; accepted: "
                    + StartRequestParser.ACCEPTED_TYPES;
        }
        return null;
    }

    /** The Content-Length, or -1 when there is none (a chunked body is counted as it is read: README, "REST API"). */
    private static long declaredLength(String length) {
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1; // the HTTP decoder refuses it before this handler runs
        }
    }

    private void refuseTooLarge(RoutingContext context, long declared) {
        refuseUnreadable(context, 413, new PayloadTooLargeException(declared, config.maxBodyBytes()).getMessage());
    }

    private static void refuseUnreadable(RoutingContext context, int status, String detail) {
        RequestBodyReader.refuse(context, status, null, detail);
    }
}
