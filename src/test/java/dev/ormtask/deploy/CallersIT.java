package dev.ormtask.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.testsupport.PackagedJar;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What callers copy and what their tools read, against the packaged service started as a user starts it (embedded
 * H2, the example tasks, authentication on): the example DAGs in deploy/airflow compile; their HTTP exchange,
 * replayed as Airflow's HTTP provider makes it (src/test/airflow/replay_dags.py), gives the outcomes the README
 * promises; the OpenAPI document passes Redocly's recommended rules without an error or a warning. Where Debian's
 * python3-requests and python3-jinja2, or the pinned Redocly CLI (.ci/redocly), are missing, the check is skipped
 * with the reason printed; .ci/run installs them.
 */
class CallersIT {

    private static final Path DAGS = Path.of("deploy", "airflow", "dags");
    private static final Path REPLAY = Path.of("src", "test", "airflow", "replay_dags.py");
    private static final Path REDOCLY = Path.of(".ci", "redocly", "node_modules", ".bin", "redocly");
    private static final Path REDOCLY_CONFIG = Path.of(".ci", "redocly", "redocly.yaml");
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    static Path dataDir;

    private static PackagedJar service;
    private static String token;

    @BeforeAll
    static void start() throws IOException {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        token = HexFormat.of().formatHex(secret);
        service = PackagedJar.start("callers-it", dataDir, Map.of("ORMTASK_SECURITY_TOKENS", "airflow:operator:" + token));
        service.awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyExampleDagCompiles() throws Exception {
        List<Path> dags;
        try (Stream<Path> files = Files.list(DAGS)) {
            dags = files.filter(f -> f.toString().endsWith(".py")).sorted().toList();
        }
        assertTrue(dags.size() >= 4, "the example DAGs and their common module: " + dags);
        Run python = run(List.of(PYTHON, "--version"), Map.of(), "python-version");
        skipUnless(python.exitCode() == 0, "no Python 3 to compile the DAGs with: " + python.output().strip());
        for (Path dag : dags) {
            Run compiled = run(List.of(PYTHON, "-m", "py_compile", dag.toString()), Map.of(), "py_compile-" + dag.getFileName());
            assertEquals(0, compiled.exitCode(), dag + " compiles: " + compiled.output());
        }
    }

    @Test
    void theDagsExchangeReplayedAgainstTheServiceGivesWhatTheReadmePromises() throws Exception {
        Run libraries = run(List.of(PYTHON, "-c", "import requests, jinja2"), Map.of(), "python-libraries");
        skipUnless(libraries.exitCode() == 0, "the replay needs Debian's python3-requests and python3-jinja2 for "
                + PYTHON + " (apt-get install python3-requests python3-jinja2): " + libraries.output().strip());
        String connection = new ObjectMapper().writeValueAsString(Map.of("conn_type", "http", "host", "127.0.0.1",
                "port", service.port(), "login", "airflow", "password", token));
        Run replay = run(List.of(PYTHON, REPLAY.toString(), DAGS.toString()),
                Map.of("AIRFLOW_CONN_ORMTASK", connection), "airflow-replay");
        System.out.println(replay.output());
        assertTrue(replay.output().contains("Replay summary:"), "the replay ran to its end: " + replay.output());
        assertEquals(0, replay.exitCode(), "every replayed check passed (see target/airflow-replay.log)");
    }

    @Test
    void theOpenApiDocumentIsLintCleanUnderRedoclysRecommendedRules() throws Exception {
        skipUnless(Files.isExecutable(REDOCLY), "the pinned Redocly CLI is not installed: npm ci --prefix .ci/redocly "
                + "(.ci/run does)");
        HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.uri("/q/openapi"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode(), document.body());
        Path openapi = Path.of("target", "openapi.yaml");
        Files.writeString(openapi, document.body());
        Path report = Path.of("target", "redocly-lint.json");
        // The JSON report is Redocly's standard output; its notices go to the log.
        ProcessBuilder redocly = new ProcessBuilder(REDOCLY.toString(), "lint", openapi.toString(), "--config",
                REDOCLY_CONFIG.toString(), "--format", "json")
                .redirectOutput(report.toFile())
                .redirectError(Path.of("target", "redocly-lint.log").toFile());
        redocly.environment().putAll(Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"));
        Process lint = redocly.start();
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "Redocly finished");
        JsonNode totals = new ObjectMapper().readTree(report.toFile()).path("totals");
        System.out.println("Redocly lint of /q/openapi: " + totals);
        assertEquals(0, totals.path("errors").asInt(-1), "no error; see " + report.toAbsolutePath());
        assertEquals(0, totals.path("warnings").asInt(-1), "no warning; see " + report.toAbsolutePath());
        assertEquals(0, lint.exitValue(), "Redocly's exit code; see target/redocly-lint.log");
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[CallersIT] skipped: " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command, Map<String, String> env, String name) throws Exception {
        Path log = Path.of("target", name + ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Compiled DAGs go under target/, not beside the files users copy.
        builder.environment().put("PYTHONPYCACHEPREFIX", Path.of("target", "pycache").toAbsolutePath().toString());
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(-1, command.get(0) + " could not be started: " + e.getMessage());
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Run(-1, "timed out; see " + log.toAbsolutePath());
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
