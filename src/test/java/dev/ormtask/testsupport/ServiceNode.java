package dev.ormtask.testsupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process of a packaged service (a node of a test cluster) that a test starts, stops, kills, freezes and resumes
 * as an operator or a failing machine would, and talks to over HTTP with one bearer token.
 */
public final class ServiceNode {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String name;
    public final int port;
    public final Path log;
    private final Path jar;
    private final String token;
    private Process process;
    private long logStart;

    public ServiceNode(String name, Path jar, int port, String token) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.token = token;
        this.log = Path.of("target", name + ".log");
    }

    /** Starts the jar with these JVM options and environment (ORMTASK_* of the test's own environment removed). */
    public void start(List<String> jvmOptions, Map<String, String> env) throws IOException {
        assertTrue(Files.exists(jar), "package the service first (./mvnw verify does): " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        withoutServiceSettings(builder);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().putAll(env);
        logStart = Files.exists(log) ? Files.size(log) : 0;
        Files.writeString(log, "===== starting " + name + " at " + Instant.now() + " on port " + port + ": " + command
                + " =====\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = builder.start();
    }

    /** Removes the test's own ORMTASK_* and QUARKUS_* variables from what {@code builder} will start. */
    public static ProcessBuilder withoutServiceSettings(ProcessBuilder builder) {
        builder.environment().keySet().removeIf(key -> key.startsWith("ORMTASK_") || key.startsWith("QUARKUS_"));
        return builder;
    }

    public void awaitReady() {
        await(name + " ready on port " + port + " (log: " + log.toAbsolutePath() + ")")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    requireAlive();
                    try {
                        return send(HttpRequest.newBuilder(uri("/q/health/ready")).GET().build()).statusCode() == 200;
                    } catch (IOException notListeningYet) {
                        return false;
                    }
                });
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Fails at once, naming the node and its log, when it has exited. */
    public void requireAlive() {
        if (!isAlive()) {
            throw new AssertionError(name + " exited unexpectedly" + (process == null ? "" : " with code "
                    + process.exitValue()) + "; see " + log.toAbsolutePath());
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGSTOP: the process stops at whatever instruction it was on, its connections stay open (a GC pause, a VM). */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + name);
    }

    /** SIGTERM, as Kubernetes stops a pod, and waits for the exit. */
    public void stopGracefully() throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), name + " stops on SIGTERM within 90 s");
        }
    }

    /** kill -9: no shutdown hook, whatever it was doing stays half done. */
    public void kill() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(request, (k, v) -> true)
                        .header("Authorization", "Bearer " + token)
                        .timeout(request.timeout().orElse(Duration.ofSeconds(10)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode post(String path, String json, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertEquals(expectedStatus, response.statusCode(), name + " POST " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** What this node logged since its last start (the file is appended to by every start, of every test run). */
    public String logSinceStart() throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
    }

    /** The last lines of this node's log, for a failing test's output. */
    public List<String> logTail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e.getMessage());
        }
    }

    /** Ports that are free now, all different. */
    public static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0)); // held open together, so the ports differ
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
