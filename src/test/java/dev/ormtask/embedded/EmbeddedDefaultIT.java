package dev.ormtask.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service as a user first meets it: {@code java -jar} with no database and no configuration, on embedded
 * H2 with the example tasks; then stopped and started again on the same data directory, history intact.
 */
class EmbeddedDefaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private Path dataDir;

    private Process service;
    private int port;
    private String token;

    @BeforeEach
    void freshDataDirectory() {
        dataDir = temp.resolve("data"); // not there yet: the service creates it
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsExampleTasksOnEmbeddedH2AndKeepsHistoryAcrossRestart() throws Exception {
        Path firstLog = start("first");
        // Secure by default: no token configured, so one was generated, printed once and kept in the data directory.
        token = Files.readString(dataDir.resolve("admin-token")).strip();
        // History there keeps parameters as given, secret ones too: other local users cannot look inside.
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
        assertTrue(Files.exists(dataDir.resolve("history.mv.db")), "embedded history in the data directory");
        assertTrue(Files.readString(firstLog).contains(token), "the generated admin token is shown at first start");
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/tasks")).GET().build());
        assertEquals(401, anonymous.statusCode(), "nothing but health is open");
        assertEquals("application/problem+json", anonymous.headers().firstValue("Content-Type").orElse(""));

        JsonNode tasks = get("/api/tasks", 200);
        assertEquals(5, tasks.size(), tasks.toString());
        assertEquals("app", tasks.get(0).get("datasource").asText());

        JsonNode report = post("/api/tasks/monthly-request-count/runs", "{\"month\":\"2026-10-01\"}", 200);
        assertEquals("SUCCEEDED", report.get("status").asText());
        assertEquals(3, report.get("result").get("requests").asInt(), "the seed data holds three October requests");
        String reportRun = report.get("id").asText();

        JsonNode failed = post("/api/tasks/fail-on-purpose/runs", "", 500);
        assertEquals("FAILED", failed.get("status").asText());

        JsonNode dry = post("/api/tasks/purge-expired-sessions/runs?dryRun=true", "{\"olderThanDays\":30}", 200);
        assertEquals(2, dry.get("result").get("deleted").asInt());
        assertEquals(2, dry.get("changes").get("deleted").asInt());
        assertEquals("hibernate", dry.get("changes").get("countedBy").asText());
        JsonNode purge = post("/api/tasks/purge-expired-sessions/runs", "{\"olderThanDays\":30}", 200);
        assertEquals(2, purge.get("result").get("deleted").asInt(), "the dry run changed nothing");

        // Cancelling a run must not hurt embedded H2 (an interrupt during its file I/O would close the database).
        String cancelled = post("/api/tasks/monthly-request-count/runs?wait=0", "{}", 202).get("id").asText();
        HttpResponse<String> cancel = send(authorized("/api/runs/" + cancelled + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(Set.of(200, 202, 409).contains(cancel.statusCode()), cancel.body());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                Set.of("CANCELLED", "SUCCEEDED").contains(get("/api/runs/" + cancelled, 200).get("status").asText()));
        assertEquals("SUCCEEDED", post("/api/tasks/monthly-request-count/runs", "{}", 200).get("status").asText());

        JsonNode history = get("/api/datasources?prefix=%3Cdefault", 200).get(0);
        assertEquals("h2", history.get("dbKind").asText());
        assertTrue(history.get("historyStore").asBoolean());

        stopGracefully();
        // A clean stop says so and nothing else: a heartbeat after the drain found the pool closed and warned.
        String stop = Files.readString(firstLog).substring(Files.readString(firstLog).indexOf("Stopping: no new runs"));
        assertTrue(stop.lines().noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR ")), stop);
        Path secondLog = start("second", Map.of("ORMTASK_LOG_JSON", "true"));
        assertFalse(Files.readString(secondLog).contains(token), "the admin token is printed only when generated");

        assertEquals("SUCCEEDED", get("/api/runs/" + reportRun, 200).get("status").asText());
        assertEquals(1, get("/api/runs?task=fail-on-purpose", 200).get("runs").size());
        JsonNode again = post("/api/tasks/purge-expired-sessions/runs", "{\"olderThanDays\":30}", 200);
        assertEquals(0, again.get("result").get("deleted").asInt(), "the purge stayed committed; no seed re-applied");
        JsonNode jsonLogged = post("/api/tasks/monthly-request-count/runs", "{\"month\":\"2026-10-01\"}", 200);
        assertEquals(0, jsonLogged.get("changes").size(), "a real run reports no dry-run changes");
        // ORMTASK_LOG_JSON=true: every line a JSON object; the task's own line carries the run id in its MDC.
        String runId = jsonLogged.get("id").asText();
        List<JsonNode> lines = logLinesOf(runId, secondLog);
        assertTrue(lines.stream().anyMatch(entry -> entry.path("message").asText().contains("had 3 requests")),
                "a JSON log line of the task with mdc.runId " + runId + " in " + secondLog);
        // Tracing is off by default: a run nobody traced names no trace in its log lines (the API shows none either),
        // and a caller's trace id is carried as the caller sent it, with no span id of a span that goes nowhere.
        assertTrue(jsonLogged.get("traceId").isNull(), jsonLogged.toString());
        assertTrue(lines.stream().noneMatch(entry -> entry.path("mdc").has("traceId")), lines.toString());
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        JsonNode traced = check(send(authorized("/api/tasks/monthly-request-count/runs")
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build()), 200);
        assertEquals(callerTrace, traced.get("traceId").asText(), traced.toString());
        List<JsonNode> tracedLines = logLinesOf(traced.get("id").asText(), secondLog);
        assertTrue(!tracedLines.isEmpty() && tracedLines.stream().allMatch(entry ->
                callerTrace.equals(entry.path("mdc").path("traceId").asText())
                        && !entry.path("mdc").has("spanId")), tracedLines.toString());

        // kill -9 in the middle of a run: the node settles its own leftover when it starts again.
        String killed = post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":120}", 202).get("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> "RUNNING".equals(get("/api/runs/" + killed, 200).get("status").asText()));
        service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        start("third", Map.of("ORMTASK_RUN_SHUTDOWN_GRACE", "1s", "ORMTASK_RUN_WORKERS", "1"));
        JsonNode settled = get("/api/runs/" + killed, 200);
        assertEquals("FAILED", settled.get("status").asText());
        assertTrue(settled.get("error").get("message").asText().contains("restarted before the run ended"),
                settled.toString());

        // SIGTERM while a run outlasts the shutdown grace (1 s here): it is cancelled and recorded, not left RUNNING.
        // A run queued behind it (one worker) is not started during the drain: it runs after the restart.
        String outlasting = post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":120}", 202).get("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> "RUNNING".equals(get("/api/runs/" + outlasting, 200).get("status").asText()));
        JsonNode queued = post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":0}", 202);
        assertEquals("QUEUED", queued.get("status").asText(), queued.toString());
        String queuedId = queued.get("id").asText();
        stopGracefully();
        Instant restartedAt = Instant.now();
        start("fourth");
        JsonNode drained = get("/api/runs/" + outlasting, 200);
        assertEquals("CANCELLED", drained.get("status").asText(), drained.toString());
        assertTrue(drained.get("error").get("message").asText().contains("shutting down"), drained.toString());
        Awaitility.await("the run left queued at shutdown runs after the restart").atMost(Duration.ofSeconds(30))
                .until(() -> "SUCCEEDED".equals(get("/api/runs/" + queuedId, 200).get("status").asText()));
        JsonNode afterRestart = get("/api/runs/" + queuedId, 200);
        assertTrue(Instant.parse(afterRestart.get("startedAt").asText()).isAfter(restartedAt), afterRestart.toString());

        // A timeout on H2 cancels from the timer's thread, where the task's session has no transaction of its own.
        stopGracefully();
        Path fifthLog = start("fifth", Map.of("ORMTASK_TASKS__HOLD_TRANSACTION__TIMEOUT", "1s"));
        JsonNode timedOut = post("/api/tasks/hold-transaction/runs", "{\"seconds\":30}", 500);
        assertEquals("TIMED_OUT", timedOut.get("status").asText(), timedOut.toString());
        assertFalse(Files.readString(fifthLog).contains("Could not cancel"), "the statement cancel failed: " + fifthLog);
    }

    /** The JSON log lines whose MDC names the run. */
    private static List<JsonNode> logLinesOf(String runId, Path log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank() && line.contains(runId)) {
                JsonNode entry = JSON.readTree(line);
                if (runId.equals(entry.path("mdc").path("runId").asText())) {
                    lines.add(entry);
                }
            }
        }
        return lines;
    }

    private Path start(String name) throws IOException {
        return start(name, Map.of());
    }

    private Path start(String name, Map<String, String> env) throws IOException {
        port = freePort();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first (./mvnw verify does): " + jar.toAbsolutePath());
        Path log = Path.of("target", "embedded-default-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("ORMTASK_DATA_DIR", dataDir.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("ORMTASK_DB_URL");
        builder.environment().putAll(env);
        service = builder.start();
        Awaitility.await("service on port " + port + " (log: " + log.toAbsolutePath() + ")")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    assertTrue(service.isAlive(), "the service exited; see " + log.toAbsolutePath());
                    return send(HttpRequest.newBuilder(uri("/q/health/ready")).GET().build()).statusCode() == 200;
                });
        return log;
    }

    private void stopGracefully() throws InterruptedException {
        service.destroy(); // SIGTERM, as Kubernetes stops a pod
        assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service stops on SIGTERM");
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        return check(send(authorized(path).GET().build()), expectedStatus);
    }

    private JsonNode post(String path, String body, int expectedStatus) throws Exception {
        return check(send(authorized(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()), expectedStatus);
    }

    private static JsonNode check(HttpResponse<String> response, int expectedStatus) throws IOException {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
