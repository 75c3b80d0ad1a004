package dev.ormtask.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.channels.ClosedChannelException;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Failures of the HTTP layer, outside REST's exception mappers (a request without Host, a failure after the answer
 * was written, a client that went away), answered as problem+json and logged in one line. Quarkus' own error handler
 * would answer {@code {"details":"Error id …","stack":""}} and log each with its stack, which lets a client fill the
 * log cheaply. What Vert.x refuses while decoding a request never gets here; see README, "REST API".
 */
@Singleton
class HttpProblems {

    private static final Logger LOG = Logger.getLogger(HttpProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // After Quarkus' authentication failure handler (SecurityHandlerPriorities.AUTH_FAILURE_HANDLER), which answers
    // 401 and 403 through TokenAuthenticationMechanism; before its QuarkusErrorHandler, which is last.
    private static final int ORDER = Integer.MIN_VALUE + 2;

    void install(@Observes Router router) {
        router.route().order(ORDER).failureHandler(this::failed);
    }

    private static final String LOGGED = "ormtask.failure-logged";
    static final String NO_SUCH_RESOURCE = "no such resource; see /q/openapi for the API";
    static final String NO_VALID_HOST = "the request has no valid Host header (a host name, and a port if any), which"
            + " HTTP/1.1 requires";

    /**
     * For a request that declares a body: one line if the client hangs up before sending all of it. A start reads its
     * body on the event loop, where such a request just ends without reaching {@link #failed}. Not for a bodiless
     * request: a GET whose client closes its connection has not left a body unfinished.
     */
    static void watchAbandonedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.isEnded()) {
            return;
        }
        context.addEndHandler(done -> {
            if (done.failed() && !request.isEnded() && context.get(LOGGED) == null) {
                // Vert.x ends the request the same way for both: a chunked body it cannot decode is cut off unanswered.
                LOG.warnf("%s %s: the body ended before it was complete (the client closed the connection, or sent"
                        + " malformed chunks)", request.method(), shorten(request.path()));
            }
        });
    }

    private void failed(RoutingContext context) {
        context.put(LOGGED, Boolean.TRUE);
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException
                || failure instanceof ForbiddenException) {
            context.next();
            return;
        }
        String request = context.request().method() + " " + shorten(context.request().path());
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed() || clientWentAway(failure)) {
            // Nothing can be sent any more. One line, never a stack, so that a client cannot fill the log cheaply; and
            // only at DEBUG when it merely follows a failure already logged (REST answering a body it could not read,
            // after Vert.x had answered 413 itself).
            if (response.ended() && failure instanceof IllegalStateException) {
                LOG.debugf("%s: %s", request, summary(failure));
            } else {
                LOG.warnf("%s: %s (%s)", request, response.ended() ? "failed after the answer was sent"
                        : "the client closed the connection", summary(failure));
            }
            if (!response.closed() && !response.ended()) {
                context.request().connection().close();
            }
            return;
        }
        int status = context.statusCode();
        if (failure instanceof VertxException && String.valueOf(failure.getMessage()).contains("'Host' header")) {
            LOG.warnf("%s: refused, no valid Host header", request);
            send(response, 400, NO_VALID_HOST);
        } else if (failure instanceof RejectedExecutionException) {
            LOG.warnf("%s: refused, every worker thread is busy", request);
            send(response.putHeader(HttpHeaders.RETRY_AFTER, "5"), 503, "the service is busy; retry later");
        } else if (status >= 400 && status < 500) {
            LOG.debugf("%s: %d %s", request, status, summary(failure));
            send(response, status, detail(status));
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(failure, "Unexpected error in %s, incident %s", request, incident);
            send(response, 500, "unexpected error; the server log has the details under incident " + incident);
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> NO_SUCH_RESOURCE;
            case 405 -> "this resource does not support that HTTP method";
            case 413 -> "the request body is too large";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase();
        };
    }

    private static boolean clientWentAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static String summary(Throwable failure) {
        if (failure == null) {
            return "no exception";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + shorten(root.getMessage()));
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 120 ? clean : clean.substring(0, 120) + "…";
    }

    /** Ends {@code response} with a problem document of {@code status}. */
    static void send(HttpServerResponse response, int status, String detail) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(status);
        String body;
        try {
            body = JSON.writeValueAsString(new Problem("about:blank", known.reasonPhrase(), status, detail, null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }
}
