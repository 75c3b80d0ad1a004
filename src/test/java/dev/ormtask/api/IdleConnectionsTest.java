package dev.ormtask.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Vert.x HTTP server with the options the service's gets: a client that stops halfway through its headers is cut
 * off once the longest wait plus the margin has passed, while a request answered after the longest wait is not.
 */
class IdleConnectionsTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        HttpServerOptions options = new HttpServerOptions();
        IdleConnections.apply(options, IdleConnections.timeout(MAX_WAIT));
        // Answers after the longest wait, as a long poll of a run that does not end does.
        server = vertx.createHttpServer(options)
                .requestHandler(request -> vertx.setTimer(MAX_WAIT.toMillis(), t -> request.response().end("answered")))
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientThatStopsHalfwayThroughItsHeadersIsCutOff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write("GET /api/me HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            int read = socket.getInputStream().read(); // blocks until the server closes the connection
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertEquals(-1, read, "closed without an answer");
            long expected = MAX_WAIT.plus(IdleConnections.MARGIN).toSeconds();
            assertTrue(seconds >= expected - 1 && seconds <= expected + 10, "closed after " + seconds + " s, expected "
                    + expected + " s");
        }
    }

    @Test
    void aRequestAnsweredAfterTheLongestWaitIsNotCutOff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/runs/x?wait=2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readNBytes(17), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200 OK\r\n", answer);
        }
    }
}
