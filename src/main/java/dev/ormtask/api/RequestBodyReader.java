package dev.ormtask.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a request's body before REST does, counting its bytes as they come, and hands it on whole
 * ({@link RoutingContext#setBody}, which REST then reads instead of the connection); see {@link #admit} for HTTP/2.
 * A body that grows past
 * {@code ormtask.api.max-body-bytes} is refused at that byte with the 413 problem, whatever its framing: a chunked or
 * HTTP/2 body has no length to check beforehand, and REST read it up to Quarkus' 16 MiB before the start's own check,
 * so that two such bodies ran a 64 MB heap out of memory. The bodies being received at once are bounded too
 * ({@code ormtask.api.max-body-bytes-in-flight}, an eighth of the heap by default): beyond that a request is a 503
 * with {@code Retry-After}, so that many clients each holding a body just under the limit open cannot exhaust the
 * heap either.
 */
@Singleton
class RequestBodyReader {

    private final AtomicLong inFlight = new AtomicLong();
    private final ApiConfig config;
    // Bodies being received at once may hold this many bytes in all.
    private final long inFlightLimit;

    RequestBodyReader(ApiConfig config) {
        this.config = config;
        this.inFlightLimit = config.maxBodyBytesInFlight().orElse(Runtime.getRuntime().maxMemory() / 8);
    }

    /**
     * Passes on a request whose body is to come once that body is known to fit, or answers a refusal instead. An HTTP/1
     * body is read here, counted byte by byte. REST cannot take an HTTP/2 body read before it (it pauses the request,
     * which throws once that request has ended), so such a body is left to it, bounded by
     * {@code quarkus.http.limits.max-body-size} (set to the same limit), and counted here at the most it may hold.
     */
    void admit(RoutingContext context, long declared) {
        if (context.request().version() != HttpVersion.HTTP_2) {
            readThenNext(context);
            return;
        }
        long reserved = declared >= 0 ? declared : config.maxBodyBytes();
        if (inFlight.addAndGet(reserved) > inFlightLimit) {
            inFlight.addAndGet(-reserved);
            refuse(context, 503, "1", BUSY);
            return;
        }
        context.addEndHandler(done -> inFlight.addAndGet(-reserved));
        context.next();
    }

    private static final String BUSY = "too many request bodies are being received at once; retry shortly";

    private void readThenNext(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        long[] held = {0};
        boolean[] refused = {false};
        context.addEndHandler(done -> inFlight.addAndGet(-held[0]));
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            int size = chunk.length();
            if ((long) body.length() + size > config.maxBodyBytes()) {
                refused[0] = true;
                refuse(context, 413, null, "the request body has more than " + config.maxBodyBytes()
                        + " bytes; the limit is " + config.maxBodyBytes() + " (ormtask.api.max-body-bytes)");
                return;
            }
            if (inFlight.addAndGet(size) > inFlightLimit) {
                inFlight.addAndGet(-size);
                refused[0] = true;
                refuse(context, 503, "1", BUSY);
                return;
            }
            held[0] += size;
            body.appendBuffer(chunk);
        });
        request.end().onComplete(ended -> {
            // A client that went away mid-body leaves nothing to answer; HttpProblems logs it.
            if (!refused[0] && ended.succeeded()) {
                context.setBody(body);
                context.next();
            }
        });
        if (continueExpected(request)) {
            // Sent here, where the body is read; REST, which would otherwise send it, gets the body already read.
            request.headers().remove(HttpHeaders.EXPECT);
            context.response().writeContinue();
        }
        request.resume();
    }

    private static boolean continueExpected(HttpServerRequest request) {
        String expect = request.getHeader(HttpHeaders.EXPECT);
        return expect != null && expect.strip().equalsIgnoreCase("100-continue");
    }

    /**
     * Answers with a problem document, leaving the rest of the body unread. On HTTP/1 the connection is closed once
     * answered, or the body's remaining bytes would be taken for the next request; on HTTP/2 only the request's own
     * stream ends, and the connection's other requests go on.
     */
    static void refuse(RoutingContext context, int status, String retryAfter, String detail) {
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (retryAfter != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        if (context.request().version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(ignored -> context.request().connection().close());
        }
        HttpProblems.send(response, status, detail);
    }
}
