package dev.ormtask.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.ServiceNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Three nodes of the service whose example tasks run on the same PostgreSQL database as their history (the "pg"
 * build), under steady load from 16 clients, while the faults that cause ghosts happen to them: a node is frozen
 * (SIGSTOP) past {@code abandoned-after} and resumed, with commit markers on and off; the whole database is stopped
 * for longer than {@code abandoned-after} and started again. After each, the task's own rows are counted against
 * history: every run recorded SUCCEEDED wrote its note exactly once, every other run wrote nothing, and nothing is
 * left queued or running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    private static final String DB = "ormtask_faults_it";
    private static final String TASK = "hold-transaction";
    private static final int NODES = 3;
    private static final int CLIENTS = 16;
    private static final Duration ABANDONED_AFTER = Duration.ofSeconds(6);
    private static final Duration FROZEN_FOR = Duration.ofSeconds(10);
    private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ServiceNode node : nodes) {
                if (node != null) {
                    System.out.println("----- last 60 lines of " + node.name + " (" + node.log.toAbsolutePath() + ")");
                    node.logTail(60).forEach(System.out::println);
                }
            }
        }
    };

    private Path pgData;
    private int pgPort;
    private EmbeddedPostgres pg;
    private String url;
    private final ServiceNode[] nodes = new ServiceNode[NODES];

    @BeforeAll
    void startDatabase() throws Exception {
        pgData = Files.createTempDirectory("ormtask-faults-pg");
        pgPort = ServiceNode.freePorts(1)[0];
        pg = startPostgres();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
        }
        url = pg.getJdbcUrl("postgres", DB);
        int[] ports = ServiceNode.freePorts(NODES);
        Path jar = Path.of("target", "pg-app", "quarkus-run.jar");
        for (int i = 0; i < NODES; i++) {
            String name = "faults-node-" + (i + 1);
            Files.deleteIfExists(Path.of("target", name + ".log"));
            nodes[i] = new ServiceNode(name, jar, ports[i], TOKEN);
        }
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                // Three nodes, each with pools of up to 40 connections for history and for the tasks.
                .setServerConfig("max_connections", "300")
                .setServerConfig("timezone", "America/Los_Angeles")
                .start();
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (ServiceNode node : nodes) {
            if (node != null) {
                if (node.isAlive()) {
                    node.resume(); // a frozen process ignores SIGKILL's cleanup until it runs again
                }
                node.kill();
            }
        }
        if (pg != null) {
            pg.close();
        }
        if (pgData != null) {
            try (Stream<Path> files = Files.walk(pgData)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aFrozenNodeCommitsNothingThatWasSettledElsewhereWithCommitMarkers() throws Exception {
        freezeUnderLoad(true);
    }

    @Test
    @Order(2)
    void aFrozenNodeCommitsNothingThatWasSettledElsewhereWithoutCommitMarkers() throws Exception {
        freezeUnderLoad(false);
    }

    @Test
    @Order(3)
    void aDatabaseOutageLongerThanAbandonedAfterLeavesNoGhostAndNoStaleConnectionFailure() throws Exception {
        startCluster(true);
        Instant phaseStart = Instant.now();
        try (Load load = new Load()) {
            load.awaitAccepted(100);
            pg.close(); // history and the tasks' database go away together, under load
            Instant down = Instant.now();
            System.out.printf("[faults] database stopped at %s with %d runs accepted%n", down, load.accepted.size());
            await("the outage outlasts abandoned-after").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Instant.now().isAfter(down.plus(ABANDONED_AFTER).plusSeconds(4)));
            pg = startPostgres();
            Instant up = Instant.now();
            System.out.printf("[faults] database back at %s after %d ms%n", up, Duration.between(down, up).toMillis());
            int before = load.accepted.size();
            load.awaitAccepted(before + 100);
            load.stop();
            awaitSettled(phaseStart);
            List<Run> runs = runs(phaseStart);
            assertNoGhosts(runs, true, "database outage");
            // A run accepted once the database was back must not fail for a connection the restart had closed.
            List<Run> failedAfterRestart = runs.stream()
                    .filter(r -> r.queuedAt().isAfter(up.plusSeconds(1)) && !r.status().equals("SUCCEEDED")).toList();
            assertEquals(List.of(), failedAfterRestart, "runs accepted after the restart that did not succeed");
            for (ServiceNode node : nodes) {
                node.requireAlive();
                assertEquals(0, logLines(node, "but another node had already recorded it"), node.name + " logged no outcome"
                        + " that contradicts history");
            }
            System.out.printf("[faults] outage: %d runs, by status %s; %d accepted, %d refused or cut off while down%n",
                    runs.size(), byStatus(runs), load.accepted.size(), load.failed.get());
        }
        stopCluster();
    }

    /**
     * A second process started under the name of a live node (two replicas on one host, both named after it) stops
     * with a message that says so. Before, it settled the live node's running runs as its own leftovers, and while
     * both lived the runs of whichever died were never settled (its namesake kept the name's heartbeat fresh).
     */
    @Test
    @Order(4)
    void aSecondProcessUnderTheNameOfALiveNodeStopsAndLeavesItsRunsAlone() throws Exception {
        startCluster(true);
        ServiceNode owner = nodes[0];
        String running = owner.post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":8}", 202).path("id")
                .asText();
        String twinName = "faults-twin";
        Files.deleteIfExists(Path.of("target", twinName + ".log"));
        ServiceNode twin = new ServiceNode(twinName, Path.of("target", "pg-app", "quarkus-run.jar"),
                ServiceNode.freePorts(1)[0], TOKEN);
        twin.start(List.of("-Dormtask.run.node=" + owner.name, "-Dormtask.run.heartbeat-interval=1s",
                "-Dormtask.run.abandoned-after=" + ABANDONED_AFTER.toSeconds() + "s"), Map.of(
                "ORMTASK_DB_URL", url,
                "ORMTASK_DB_USER", "postgres",
                "ORMTASK_DATA_DIR", Files.createTempDirectory("ormtask-faults-twin").toString(),
                "ORMTASK_SECURITY_TOKENS", "faults-it:operator:" + TOKEN));
        try {
            await("the twin stops").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !twin.isAlive());
            String log = twin.logSinceStart();
            assertTrue(log.contains("another live process runs as node '" + owner.name + "'"), log);
            assertEquals(0, log.lines().filter(line -> line.startsWith("\tat ")).count(), "no stack trace: " + log);
        } finally {
            twin.kill();
        }
        HttpResponse<String> ended = owner.send(HttpRequest.newBuilder(owner.uri("/api/runs/" + running + "?wait=30"))
                .build());
        assertEquals(200, ended.statusCode(), "the owner's run was left to it: " + ended.body());
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM demo_note WHERE note_text = ?")) {
            ps.setString(1, "held by run " + running);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1), "its note was committed once");
            }
        }
        for (ServiceNode node : nodes) {
            node.requireAlive();
        }
        stopCluster();
    }

    private void freezeUnderLoad(boolean markers) throws Exception {
        startCluster(markers);
        ServiceNode victim = nodes[1];
        Instant phaseStart = Instant.now();
        try (Load load = new Load()) {
            load.awaitAccepted(60);
            await(victim.name + " has runs in flight").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> count("SELECT count(*) FROM task_run WHERE status = 'RUNNING' AND node = ?", victim.name) >= 2);
            long rolledBackBefore = logLines(victim, "ended FAILED here; node");
            victim.freeze();
            Instant frozenAt = Instant.now();
            List<String> inFlight = ids("SELECT id FROM task_run WHERE status = 'RUNNING' AND node = ?", victim.name);
            await("another node settles a run of the frozen " + victim.name).atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> count("SELECT count(*) FROM task_run WHERE node = ? AND status = 'FAILED' AND"
                            + " error_message LIKE 'abandoned: node " + victim.name + " stopped%'", victim.name) >= 1);
            await("frozen for " + FROZEN_FOR.toSeconds() + " s").atMost(FROZEN_FOR.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Instant.now().isAfter(frozenAt.plus(FROZEN_FOR)));
            victim.resume();
            System.out.printf("[faults] markers %s: %s frozen %s .. %s with %d runs in flight%n", markers ? "on" : "off",
                    victim.name, frozenAt, Instant.now(), inFlight.size());
            int before = load.accepted.size();
            load.awaitAccepted(before + 60);
            load.stop();
            awaitSettled(phaseStart);
            List<Run> runs = runs(phaseStart);
            assertNoGhosts(runs, markers, "freeze, markers " + (markers ? "on" : "off"));
            long settledElsewhere = runs.stream().filter(r -> r.error() != null
                    && r.error().startsWith("abandoned: node " + victim.name + " stopped")).count();
            assertTrue(settledElsewhere >= 1, "a run of the frozen node was settled by another node");
            victim.requireAlive();
            assertEquals(0, logLines(victim, "but another node had already recorded it"), victim.name + " logged no outcome"
                    + " that contradicts history");
            System.out.printf("[faults] markers %s: %d runs, by status %s; %d settled by another node, of which the"
                            + " resumed node rolled back %d itself%n", markers ? "on" : "off", runs.size(), byStatus(runs),
                    settledElsewhere, logLines(victim, "ended FAILED here; node") - rolledBackBefore);
        }
        stopCluster();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // What the task wrote, against what history says
    // ----------------------------------------------------------------------------------------------------------------

    private record Run(String id, String status, String node, String error, Instant queuedAt, long notes, long marker) {}

    /** Every run of the phase with the notes it left and, when markers are on, its commit marker. */
    private List<Run> runs(Instant since) throws SQLException {
        boolean markerTable = count("SELECT count(*) FROM information_schema.tables WHERE table_name ="
                + " 'ormtask_commit_marker'") == 1;
        String markerCount = markerTable
                ? "(SELECT count(*) FROM ormtask_commit_marker m WHERE m.run_id = r.id AND m.kind = 'C')" : "0";
        List<Run> runs = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT r.id, r.status, r.node, r.error_message, r.queued_at,"
                        + " count(n.id), " + markerCount + " FROM task_run r LEFT JOIN demo_note n ON n.note_text ="
                        + " 'held by run ' || r.id WHERE r.task_name = ? AND r.queued_at >= ?"
                        + " GROUP BY r.id, r.status, r.node, r.error_message, r.queued_at")) {
            ps.setString(1, TASK);
            ps.setObject(2, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return runs;
    }

    private static void assertNoGhosts(List<Run> runs, boolean markers, String phase) {
        assertTrue(runs.size() >= 100, phase + ": too few runs to judge: " + runs.size());
        assertEquals(List.of(), runs.stream().filter(r -> !r.status().equals("SUCCEEDED") && r.notes() > 0).toList(),
                phase + ": runs recorded as not succeeded whose work is in the database (ghosts)");
        assertEquals(List.of(), runs.stream().filter(r -> r.status().equals("SUCCEEDED") && r.notes() != 1).toList(),
                phase + ": runs recorded SUCCEEDED without exactly one note");
        if (markers) {
            assertEquals(List.of(), runs.stream().filter(r -> r.marker() != r.notes()).toList(),
                    phase + ": runs whose commit marker disagrees with their work");
        }
    }

    private static Map<String, Long> byStatus(List<Run> runs) {
        return runs.stream().collect(Collectors.groupingBy(Run::status, TreeMap::new, Collectors.counting()));
    }

    /** Waits until no run of the phase is queued or running. */
    private void awaitSettled(Instant since) {
        await("every run of the phase terminal").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    for (ServiceNode node : nodes) {
                        node.requireAlive();
                    }
                    return count("SELECT count(*) FROM task_run WHERE status IN ('QUEUED', 'RUNNING') AND queued_at >= ?",
                            LocalDateTime.ofInstant(since, ZoneOffset.UTC)) == 0;
                });
    }

    // ----------------------------------------------------------------------------------------------------------------
    // The cluster and its load
    // ----------------------------------------------------------------------------------------------------------------

    private void startCluster(boolean markers) throws Exception {
        for (ServiceNode node : nodes) {
            start(node, markers);
            if (node == nodes[0]) {
                // The first migrates the empty database alone: started together, two nodes raced Flyway's baseline of
                // the pg profile's app history table ("exists, and is empty") and one failed to start.
                node.awaitReady();
            }
        }
        for (ServiceNode node : nodes) {
            node.awaitReady();
        }
    }

    private void start(ServiceNode node, boolean markers) throws Exception {
        node.start(List.of(
                "-Dormtask.run.node=" + node.name,
                "-Dormtask.run.heartbeat-interval=1s",
                "-Dormtask.run.abandoned-after=" + ABANDONED_AFTER.toSeconds() + "s",
                "-Dormtask.run.commit-markers=" + markers), Map.of(
                "ORMTASK_DB_URL", url,
                "ORMTASK_DB_USER", "postgres",
                "ORMTASK_DATA_DIR", Files.createTempDirectory("ormtask-faults-" + node.name).toString(),
                "ORMTASK_SECURITY_TOKENS", "faults-it:operator:" + TOKEN));
    }

    // A test that failed half way leaves its nodes up, holding their ports: the next test's nodes could not start.
    @AfterEach
    void killWhatIsLeft() throws Exception {
        for (ServiceNode node : nodes) {
            if (node != null && node.isAlive()) {
                node.resume();
                node.kill();
            }
        }
    }

    private void stopCluster() throws InterruptedException {
        for (ServiceNode node : nodes) {
            node.stopGracefully();
        }
    }

    /** 16 clients starting one-second runs on the three nodes in turn, each waiting for its run. */
    private final class Load implements AutoCloseable {

        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger failed = new AtomicInteger();
        // Counted down once to stop: the clients' loop condition, and what a refused client waits on before it tries
        // again, so that stopping never waits out a pause.
        private final CountDownLatch stopping = new CountDownLatch(1);
        private final List<Thread> clients = new ArrayList<>();

        Load() {
            AtomicInteger next = new AtomicInteger();
            for (int i = 0; i < CLIENTS; i++) {
                Thread client = new Thread(() -> {
                    while (stopping.getCount() > 0) {
                        ServiceNode node = nodes[Math.floorMod(next.getAndIncrement(), NODES)];
                        try {
                            HttpResponse<String> answer = node.send(HttpRequest.newBuilder(
                                            node.uri("/api/tasks/" + TASK + "/runs?wait=20"))
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(40))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\":1}")).build());
                            Matcher id = ID.matcher(answer.body());
                            if (id.find()) {
                                accepted.add(id.group(1));
                            } else {
                                failed.incrementAndGet();
                                // Refused (503 while the database is down): come back soon, or not at all once stopped.
                                stopping.await(200, TimeUnit.MILLISECONDS);
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "load-" + i);
                client.start();
                clients.add(client);
            }
        }

        void awaitAccepted(int runs) {
            await(runs + " runs accepted").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> accepted.size() >= runs);
        }

        void stop() throws InterruptedException {
            stopping.countDown();
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60).toMillis());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Small helpers
    // ----------------------------------------------------------------------------------------------------------------

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> ids(String sql, Object... args) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static long logLines(ServiceNode node, String text) throws IOException {
        try (Stream<String> lines = Files.lines(node.log)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }
}
