package dev.ormtask.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.ServiceNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history store (PostgreSQL) restarts while clients keep starting runs: readiness goes down and comes back, the
 * service recovers without a restart of its own, and every run it accepted ends in a terminal state.
 */
class HistoryRestartIT {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void everyAcceptedRunEndsTerminalAcrossADatabaseRestart() throws Exception {
        int pgPort = ServiceNode.freePorts(1)[0];
        Path pgData = Files.createDirectories(dir.resolve("pg"));
        EmbeddedPostgres pg = startPostgres(pgData, pgPort);
        Process service = null;
        Path log = Path.of("target", "history-restart-it.log");
        try {
            int port = ServiceNode.freePorts(1)[0];
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dormtask.run.heartbeat-interval=1s", "-Dormtask.datasource.probe-interval=1s",
                    "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("ORMTASK_"));
            builder.environment().put("ORMTASK_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("ORMTASK_DB_URL", pg.getJdbcUrl("postgres", "postgres"));
            builder.environment().put("ORMTASK_SECURITY_TOKENS", "it:operator:" + TOKEN);
            service = builder.start();
            Process running = service;
            awaitReadiness(port, 200, running, log);
            assertEmbeddedDefaultOff(port);

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                // Bounded: at most one start every 50 ms, only while the test runs.
                while (loading.get()) {
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/api/tasks/monthly-request-count/runs?wait=5"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        Matcher id = ID.matcher(r.body());
                        if (r.statusCode() == 503) {
                            refused.incrementAndGet();
                        } else if (id.find()) {
                            accepted.add(id.group(1));
                        }
                        TimeUnit.MILLISECONDS.sleep(50);
                    } catch (IOException e) {
                        refused.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load");
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 20);

            pg.close(); // the history store goes away under load
            Instant down = Instant.now();
            awaitReadiness(port, 503, running, log);
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= 3);
            int acceptedBeforeRestart = accepted.size();

            pg = startPostgres(pgData, pgPort);
            awaitReadiness(port, 200, running, log);
            await("runs accepted again after the restart").atMost(Duration.ofSeconds(60))
                    .until(() -> accepted.size() >= acceptedBeforeRestart + 20);
            loading.set(false);
            load.join(30_000);

            String url = pg.getJdbcUrl("postgres", "postgres");
            await("every accepted run terminal").atMost(Duration.ofSeconds(60)).until(() -> unfinished(url, accepted) == 0);
            assertTrue(running.isAlive(), "the service never restarted");
            assertEquals(accepted.size(), count(url, "SELECT count(*) FROM task_run WHERE status IN"
                    + " ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED')"), "every accepted run recorded terminal");
            assertFalse(Files.exists(dir.resolve("data").resolve("history.mv.db")),
                    "the embedded history database was never opened: history is on PostgreSQL");
            System.out.printf("[history-restart] database down at %s; %d runs accepted, %d refused while it was down%n",
                    down, accepted.size(), refused.get());
        } finally {
            if (service != null) {
                service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            pg.close();
        }
    }

    /**
     * A run ends while history is down, and the node is stopped (SIGTERM) before a heartbeat could write that end: at
     * stop it is written if history is back, result included, and named in a warning if history is still down, instead
     * of vanishing with the process; a later start settles the named one from its commit marker.
     */
    @Test
    void runEndsKeptThroughAnOutageAreWrittenOrNamedAtStop() throws Exception {
        int pgPort = ServiceNode.freePorts(1)[0];
        Path pgData = Files.createDirectories(dir.resolve("pg"));
        EmbeddedPostgres pg = startPostgres(pgData, pgPort);
        String url = pg.getJdbcUrl("postgres", "postgres");
        ServiceNode node = new ServiceNode("history-outage-stop-it", Path.of("target", "quarkus-app", "quarkus-run.jar"),
                ServiceNode.freePorts(1)[0], TOKEN);
        // Beats far apart: only the stop, not a heartbeat, can write what the outage held back.
        List<String> jvm = List.of("-Dormtask.run.heartbeat-interval=10m", "-Dormtask.run.abandoned-after=30m");
        Map<String, String> env = Map.of("ORMTASK_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString(),
                "ORMTASK_DB_URL", url, "ORMTASK_SECURITY_TOKENS", "it:operator:" + TOKEN);
        try {
            node.start(jvm, env);
            node.awaitReady();
            String lost = runEndingInAnOutage(node, pg);
            node.stopGracefully(); // history still down
            String warning = node.logSinceStart().lines()
                    .filter(l -> l.contains("Stopping with 1 run end(s) that history could not take")).findFirst()
                    .orElseThrow(() -> new AssertionError("no warning naming the lost run end: " + node.logTail(30)));
            assertTrue(warning.contains(lost + " of hold-transaction SUCCEEDED"), warning);

            pg = startPostgres(pgData, pgPort);
            node.start(jvm, env);
            node.awaitReady();
            await("the named run settled by the next start").atMost(Duration.ofSeconds(30))
                    .until(() -> "SUCCEEDED".equals(column(url, lost, "status")));
            assertTrue(column(url, lost, "result").contains("its result was not recorded"), column(url, lost, "result"));

            String kept = runEndingInAnOutage(node, pg);
            pg = startPostgres(pgData, pgPort);
            assertEquals("RUNNING", column(url, kept, "status"), "nothing wrote the end before the stop");
            node.stopGracefully();
            assertEquals("SUCCEEDED", column(url, kept, "status"), "written at stop");
            assertTrue(column(url, kept, "result").contains("\"note\""), "with its result: " + column(url, kept, "result"));
        } finally {
            node.kill();
            pg.close();
        }
    }

    /** Starts a run that holds its transaction for 2 s, stops PostgreSQL under it, and waits until it ended unrecorded. */
    private static String runEndingInAnOutage(ServiceNode node, EmbeddedPostgres pg) throws Exception {
        HttpResponse<String> started = node.send(HttpRequest.newBuilder(node.uri("/api/tasks/hold-transaction/runs"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\":2}")).build());
        assertEquals(202, started.statusCode(), started.body());
        Matcher matcher = ID.matcher(started.body());
        assertTrue(matcher.find(), started.body());
        String id = matcher.group(1);
        await("run " + id + " running").atMost(Duration.ofSeconds(10)).until(() -> node.send(HttpRequest.newBuilder(
                node.uri("/api/runs/" + id)).GET().build()).body().contains("\"status\":\"RUNNING\""));
        pg.close();
        await("run " + id + " ended while history is down").atMost(Duration.ofSeconds(60)).until(() ->
                node.logSinceStart().lines().anyMatch(l -> l.contains("Run " + id + " of hold-transaction ended"
                        + " SUCCEEDED but history is unavailable")));
        return id;
    }

    private static String column(String url, String id, String column) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM task_run WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "run " + id + " recorded");
                return String.valueOf(rs.getString(1));
            }
        }
    }

    /** With history on PostgreSQL the embedded H2 default holds nothing: it is switched off, not probed, not "down". */
    private static void assertEmbeddedDefaultOff(int port) throws Exception {
        String datasources = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/datasources"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(datasources.contains("{\"name\":\"<default>\",\"dbKind\":\"h2\",\"active\":false,"), datasources);
        String readiness = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(readiness.contains("\"<default>\": \"inactive: "), readiness);
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void awaitReadiness(int port, int status, Process service, Path log) {
        await("readiness " + status + " (log " + log.toAbsolutePath() + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    assertTrue(service.isAlive(), "the service exited; see " + log.toAbsolutePath());
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == status;
                });
    }

    private static long unfinished(String url, Set<String> ids) throws Exception {
        long open = 0;
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement ps = c.prepareStatement("SELECT status FROM task_run WHERE id = ?")) {
            for (String id : List.copyOf(ids)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || Set.of("QUEUED", "RUNNING").contains(rs.getString(1))) {
                        open++;
                    }
                }
            }
        }
        return open;
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
