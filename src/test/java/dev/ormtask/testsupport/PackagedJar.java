package dev.ormtask.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The packaged service ({@code java -jar target/quarkus-app/quarkus-run.jar}) in a process of its own, with the
 * environment a deployment would give it, on embedded H2 in a data directory of the test's.
 */
public final class PackagedJar implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedJar(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with {@code environment} added to this one's (ORMTASK_DB_URL removed: history stays on H2). */
    public static PackagedJar start(String name, Path dataDir, Map<String, String> environment) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first (./mvnw verify does): " + jar.toAbsolutePath());
        int port = ServiceNode.freePorts(1)[0];
        Path log = Path.of("target", name + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("ORMTASK_DB_URL");
        builder.environment().put("ORMTASK_DATA_DIR", dataDir.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        return new PackagedJar(builder.start(), log, port);
    }

    /** Waits until the service is ready; fails, pointing at the log, if it exits instead. */
    public PackagedJar awaitReady() {
        Awaitility.await("service on port " + port + " (log: " + log.toAbsolutePath() + ")")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    assertTrue(process.isAlive(), "the service exited; see " + log.toAbsolutePath());
                    return get("/q/health/ready", null).statusCode() == 200;
                });
        return this;
    }

    /** Waits for the process to end by itself, as a refused start does, and gives its exit code. */
    public int awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the service was expected to stop; see " + log.toAbsolutePath());
        return process.exitValue();
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String token, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
