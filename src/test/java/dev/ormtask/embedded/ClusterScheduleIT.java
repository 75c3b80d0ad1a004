package dev.ormtask.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
 * Three processes of the packaged service on one PostgreSQL history database, both example cron tasks firing every
 * second: each fire runs exactly once across the cluster, also while a node is killed; a pause holds on every node
 * and across a restart until resumed; after a full outage only the RUN_ONCE task catches up, with one run. Then
 * durability across nodes: a killed node's runs are settled by a live one, and an idle node executes the runs a busy
 * one queued.
 *
 * <p>The phases build on each other (one cluster for the class); a phase is skipped when an earlier one failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterScheduleIT {

    private static final String MONTHLY = "monthly-request-count"; // misfire SKIP (the default)
    private static final String PURGE = "purge-expired-sessions"; // misfire RUN_ONCE (set below)
    private static final String HISTORY_DB = "ormtask_cluster_it";
    private static final int NODES = 3;
    private static final int LOG_TAIL_LINES = 80;
    // One API client for every node: reads, pauses and resumes (role operator).
    private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printLogTails();
        }
    };

    private EmbeddedPostgres embedded;
    private String historyUrl;
    private String dbUser;
    private String dbPassword;
    private Path dataRoot;
    private final Node[] nodes = new Node[NODES];
    private int phasesPassed;

    // ----------------------------------------------------------------------------------------------------------------
    // Lifecycle
    // ----------------------------------------------------------------------------------------------------------------

    @BeforeAll
    void startDatabaseAndPrepareNodes() throws Exception {
        String baseUrl;
        String external = System.getenv("ORMTASK_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            baseUrl = external;
            dbUser = env("ORMTASK_TEST_PG_USER", "postgres");
            dbPassword = env("ORMTASK_TEST_PG_PASSWORD", "");
        } else {
            embedded = EmbeddedPostgres.builder()
                    // A server time zone unlike UTC catches history timestamps read in the wrong zone.
                    .setServerConfig("timezone", "America/Los_Angeles")
                    // Three nodes, each with a history pool of up to 40 connections.
                    .setServerConfig("max_connections", "300")
                    .start();
            baseUrl = embedded.getJdbcUrl("postgres", "postgres");
            dbUser = "postgres";
            dbPassword = "";
        }
        try (Connection c = DriverManager.getConnection(baseUrl, dbUser, dbPassword);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + HISTORY_DB + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + HISTORY_DB);
        }
        historyUrl = urlOf(baseUrl, HISTORY_DB);

        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the service first (./mvnw verify does): " + jar.toAbsolutePath());
        dataRoot = Files.createTempDirectory("ormtask-cluster-it");
        int[] ports = freePorts(NODES);
        for (int i = 0; i < NODES; i++) {
            String name = "node-" + (i + 1);
            Path log = Path.of("target", "cluster-" + name + ".log");
            Files.deleteIfExists(log);
            nodes[i] = new Node(name, Files.createDirectories(dataRoot.resolve(name)), ports[i], log, jar);
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (Node node : nodes) {
            if (node != null) {
                node.kill();
            }
        }
        if (embedded != null) {
            embedded.close();
        }
        if (dataRoot != null) {
            try (Stream<Path> files = Files.walk(dataRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Phase 1: exactly once per fire, also across a kill -9
    // ----------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyCronSecondRunsExactlyOnceAcrossThreeNodesEvenWhenOneIsKilled() throws Exception {
        Instant phaseStart = Instant.now();
        for (Node node : nodes) {
            node.start();
        }
        for (Node node : nodes) {
            node.awaitReady();
        }
        System.out.printf("[cluster] 3 nodes ready after %d ms%n",
                Duration.between(phaseStart, Instant.now()).toMillis());

        await("25 distinct fire seconds of " + MONTHLY + " with three nodes up")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> requireAlive(nodes) && fireSeconds(MONTHLY, "SCHEDULE") >= 25);

        Node third = nodes[2];
        third.kill(); // kill -9: no shutdown hook, whatever it was doing stays half done
        Instant killedAt = Instant.now();
        long atKill = fireSeconds(MONTHLY, "SCHEDULE");
        System.out.printf("[cluster] killed %s at %s after %d fire seconds%n", third.name, killedAt, atKill);

        await("40 more fire seconds of " + MONTHLY + " after " + third.name + " was killed")
                .atMost(Duration.ofSeconds(70))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> requireAlive(nodes[0], nodes[1]) && fireSeconds(MONTHLY, "SCHEDULE") >= atKill + 40);

        for (String task : List.of(MONTHLY, PURGE)) {
            List<Fire> fires = fires(task);
            assertExactlyOncePerSecondWithoutGaps(task, fires);
            Map<String, Long> byNode = fires.stream().collect(Collectors.groupingBy(Fire::node, TreeMap::new,
                    Collectors.counting()));
            System.out.printf("[cluster] phase 1 %s: %d fire seconds %s .. %s, rows by node %s, by status %s,"
                            + " recorded after the fire time by (min..max ms) %s%n", task,
                    fires.size(), fires.get(0).second(), fires.get(fires.size() - 1).second(), byNode,
                    fires.stream().collect(Collectors.groupingBy(Fire::status, TreeMap::new, Collectors.counting())),
                    fires.stream().collect(Collectors.groupingBy(Fire::node, TreeMap::new, Collectors.collectingAndThen(
                            Collectors.summarizingLong(f -> Duration.between(f.scheduledAt(), f.queuedAt()).toMillis()),
                            st -> st.getMin() + ".." + st.getMax()))));
            assertTrue(byNode.size() >= 2, task + ": every fire was recorded by one node, so the replicas never"
                    + " contended: rows by node " + byNode);
            List<Fire> afterDeath = fires.stream()
                    .filter(f -> f.node().equals(third.name) && f.scheduledAt().isAfter(killedAt.plusSeconds(1)))
                    .toList();
            assertEquals(List.of(), afterDeath, task + ": fires recorded by " + third.name + " after it was killed at "
                    + killedAt);
        }
        assertTrue(fireSeconds(MONTHLY, "SCHEDULE") >= 60, "at least 60 fire seconds over phase 1");
        printFailedRuns("phase 1");
        phasesPassed = 1;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Phase 2: pause holds on every node and across a restart, until resumed
    // ----------------------------------------------------------------------------------------------------------------

    @Test
    @Order(2)
    void pauseStopsFiresOnEveryNodeAndSurvivesARestartUntilResumed() throws Exception {
        assumeTrue(phasesPassed >= 1, "phase 1 did not pass");
        Node first = nodes[0];
        Node second = nodes[1];

        JsonNode paused = first.post("/api/tasks/" + MONTHLY + "/pause", 200);
        Instant pausedAt = Instant.now();
        assertTrue(paused.path("schedule").path("paused").asBoolean(), "pause answers the paused task: " + paused);
        // A fire of the current second may still be in flight when the pause commits; later ones must not happen.
        Instant threshold = pausedAt.plusSeconds(1);

        assertNoFiresAfter(MONTHLY, threshold, "after the pause through " + first.name, first, second);
        JsonNode onSecond = second.get("/api/tasks/" + MONTHLY, 200);
        assertTrue(onSecond.path("schedule").path("paused").asBoolean(), second.name + " sees the pause: " + onSecond);

        second.stopGracefully();
        second.start();
        second.awaitReady();
        JsonNode afterRestart = second.get("/api/tasks/" + MONTHLY, 200);
        assertTrue(afterRestart.path("schedule").path("paused").asBoolean(),
                second.name + " still sees the pause after its restart: " + afterRestart);
        assertNoFiresAfter(MONTHLY, threshold, "after " + second.name + " restarted while paused", first, second);

        Instant resumeRequested = Instant.now();
        JsonNode resumed = second.post("/api/tasks/" + MONTHLY + "/resume", 200);
        Instant resumedAt = Instant.now();
        assertFalse(resumed.path("schedule").path("paused").asBoolean(), "resume answers the resumed task: " + resumed);
        await("a " + MONTHLY + " SCHEDULE fire after the resume at " + resumedAt)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> requireAlive(first, second) && fires(MONTHLY).stream()
                        .anyMatch(f -> f.trigger().equals("SCHEDULE") && f.scheduledAt().isAfter(resumedAt)));

        List<Fire> monthly = fires(MONTHLY);
        // No fire that fell due while the task was paused runs, not even one a late node handles after the resume.
        List<Fire> duringPause = monthly.stream()
                .filter(f -> f.scheduledAt().isAfter(threshold) && f.scheduledAt().isBefore(resumeRequested))
                .toList();
        assertEquals(List.of(), duringPause, MONTHLY + ": fires due between the pause (" + pausedAt
                + ") and the resume (" + resumeRequested + ") that ran");
        assertAtMostOncePerSecond(MONTHLY, monthly);
        // The other task was never paused: exactly once per second, without gaps, also across node 2's restart.
        List<Fire> purge = fires(PURGE);
        assertExactlyOncePerSecondWithoutGaps(PURGE, purge);
        Fire firstAfterResume = monthly.stream()
                .filter(f -> f.scheduledAt().isAfter(resumedAt))
                .findFirst()
                .orElseThrow();
        System.out.printf("[cluster] phase 2: paused at %s, resumed at %s, %s runs started in between: %d; first fire"
                        + " after resume %s by %s; %s: %d fire seconds, seconds without a run %s, nodes %s%n", pausedAt,
                resumedAt, MONTHLY, duringPause.size(), firstAfterResume.second(), firstAfterResume.node(), PURGE,
                purge.size(), missingSeconds(purge),
                purge.stream().map(Fire::node).collect(Collectors.toCollection(TreeSet::new)));
        printFailedRuns("phases 1-2");
        phasesPassed = 2;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Phase 3: after a full outage, one catch-up run for RUN_ONCE, none for SKIP
    // ----------------------------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void afterAFullOutageOnlyTheRunOnceTaskCatchesUpOnceAndTheSkipTaskDoesNot() throws Exception {
        assumeTrue(phasesPassed >= 2, "phase 2 did not pass");
        List<Node> running = Stream.of(nodes).filter(Node::isAlive).toList();
        for (Node node : running) {
            node.process.destroy(); // SIGTERM to all at once: the cluster goes down together
        }
        for (Node node : running) {
            node.awaitExit();
        }
        Instant stoppedAt = Instant.now();
        Instant lastPurgeFire = fires(PURGE).stream()
                .map(Fire::scheduledAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        System.out.printf("[cluster] stopped %s at %s; last %s fire %s%n",
                running.stream().map(n -> n.name).toList(), stoppedAt, PURGE, lastPurgeFire);

        // Fires count as missed only when older than 2 s at startup: let at least 3 s of outage pass first.
        await("3 s of outage").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().isAfter(stoppedAt.plusSeconds(3)));
        Node first = nodes[0];
        first.start();
        first.awaitReady();
        Instant readyAt = Instant.now();

        await("a CATCH_UP run of " + PURGE + " for a fire after the outage began at " + stoppedAt)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> requireAlive(first) && fires(PURGE).stream()
                        .anyMatch(f -> f.trigger().equals("CATCH_UP") && f.scheduledAt().isAfter(stoppedAt)));
        // Catch-up happens at startup before the jobs are scheduled: once both tasks fire on schedule again,
        // every catch-up there will be has been recorded.
        await("SCHEDULE fires of both tasks on the restarted " + first.name)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> requireAlive(first) && Stream.of(MONTHLY, PURGE).allMatch(task -> fires(task).stream()
                        .anyMatch(f -> f.trigger().equals("SCHEDULE") && f.scheduledAt().isAfter(readyAt))));

        List<Fire> purge = fires(PURGE);
        List<Fire> purgeCatchUps = purge.stream().filter(f -> f.trigger().equals("CATCH_UP")).toList();
        assertEquals(1, purgeCatchUps.size(), PURGE + " (RUN_ONCE) has exactly one CATCH_UP run: " + purgeCatchUps);
        Fire catchUp = purgeCatchUps.get(0);
        assertTrue(catchUp.scheduledAt().isAfter(stoppedAt) && catchUp.scheduledAt().isBefore(readyAt),
                "the catch-up is for a fire missed during the outage (" + stoppedAt + " .. " + readyAt + "): "
                        + catchUp);
        assertEquals(first.name, catchUp.node(), "the only node up ran the catch-up: " + catchUp);
        List<Fire> purgeDuringOutage = purge.stream()
                .filter(f -> f.scheduledAt().isAfter(lastPurgeFire) && f.scheduledAt().isBefore(catchUp.scheduledAt()))
                .toList();
        assertEquals(List.of(), purgeDuringOutage, PURGE + ": only ONE run for all missed fires, yet rows for other"
                + " missed seconds");
        assertAtMostOncePerSecond(PURGE, purge);

        List<Fire> monthly = fires(MONTHLY);
        List<Fire> monthlyCatchUps = monthly.stream().filter(f -> f.trigger().equals("CATCH_UP")).toList();
        assertEquals(List.of(), monthlyCatchUps, MONTHLY + " (misfire SKIP) must not catch up");
        assertAtMostOncePerSecond(MONTHLY, monthly);
        System.out.printf("[cluster] phase 3: outage %s .. restart ready %s; %s CATCH_UP rows: %d (fire %s, %s, %s);"
                        + " %s CATCH_UP rows: %d; totals %s %d rows, %s %d rows%n", stoppedAt, readyAt, PURGE,
                purgeCatchUps.size(), catchUp.second(), catchUp.node(), catchUp.status(), MONTHLY,
                monthlyCatchUps.size(), MONTHLY, monthly.size(), PURGE, purge.size());
        printFailedRuns("phases 1-3");
        phasesPassed = 3;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Phase 4: kill -9 with runs running and queued: nothing lost, nothing stuck, nothing twice
    // ----------------------------------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void aKilledNodesRunsAreSettledByTheOthersNoneStuckNoneTwice() throws Exception {
        assumeTrue(phasesPassed >= 3, "phase 3 did not pass");
        Node survivor = nodes[0];
        Node victim = nodes[1];
        assertTrue(survivor.isAlive(), survivor.name + " is up after phase 3");
        victim.extraArgs = List.of("-Dormtask.run.workers=2");
        victim.start();
        victim.awaitReady();

        List<String> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(victim.post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":120}", 202).get("id").asText());
        }
        await("both long runs RUNNING on " + victim.name).atMost(Duration.ofSeconds(30))
                .until(() -> held.stream().allMatch(id -> "RUNNING".equals(status(id))));
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode run = victim.post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":1}", 202);
            assertEquals("QUEUED", run.get("status").asText(), "both workers of " + victim.name + " are busy");
            queued.add(run.get("id").asText());
        }

        victim.kill(); // kill -9: no shutdown hook, no rollback, no history update
        Instant killedAt = Instant.now();
        List<String> all = new ArrayList<>(held);
        all.addAll(queued);
        await("every run of the killed node settled").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> requireAlive(survivor) && all.stream().map(this::status).allMatch(ClusterScheduleIT::finished));
        for (String id : held) {
            assertEquals("FAILED", status(id), "a run that was executing on the killed node is failed, not re-run");
            assertTrue(column(id, "error_message").contains("abandoned: node " + victim.name + " stopped"),
                    column(id, "error_message"));
        }
        for (String id : queued) {
            assertEquals("SUCCEEDED", status(id), "a queued run of the killed node is executed by a live one");
            assertEquals(survivor.name, column(id, "node"));
        }

        survivor.stopGracefully(); // SIGTERM drains: nothing may be left running
        assertEquals(0, count("SELECT count(*) FROM task_run WHERE status IN ('QUEUED', 'RUNNING')"),
                "no run is left queued or running anywhere");
        // The tasks' own side effects, counted in each node's own database: every run's note at most once, and only
        // for runs that succeeded.
        for (String id : all) {
            long notes = notes(survivor, id) + notes(victim, id);
            assertEquals(queued.contains(id) ? 1 : 0, notes, "notes written by run " + id);
        }
        System.out.printf("[cluster] phase 4: killed %s at %s with %d running and %d queued runs; running -> FAILED"
                + " (abandoned), queued -> SUCCEEDED on %s%n", victim.name, killedAt, held.size(), queued.size(),
                survivor.name);
        phasesPassed = 4;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Phase 5: any replica executes a queued run; the accepting node answers its waiting client
    // ----------------------------------------------------------------------------------------------------------------

    @Test
    @Order(5)
    void anIdleNodeExecutesWhatABusyNodeQueuedAndTheBusyNodeAnswersItsClient() throws Exception {
        assumeTrue(phasesPassed >= 4, "phase 4 did not pass");
        Node idle = nodes[0];
        Node busy = nodes[1];
        // No cron here: a fire every second took the busy node's only worker at times, so the blocker queued and
        // the idle node ran it, and the busy node then ran a queued run itself (CI).
        List<String> noCron = List.of("-Dormtask.tasks.\"" + MONTHLY + "\".cron=off",
                "-Dormtask.tasks.\"" + PURGE + "\".cron=off");
        busy.extraArgs = new ArrayList<>(noCron);
        busy.extraArgs.add("-Dormtask.run.workers=1");
        idle.extraArgs = noCron;
        busy.start();
        idle.start();
        busy.awaitReady();
        idle.awaitReady();

        String blocker = busy.post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":10}", 202)
                .get("id").asText();
        await("the blocker RUNNING on " + busy.name).atMost(Duration.ofSeconds(10))
                .until(() -> "RUNNING".equals(status(blocker)));
        assertEquals(busy.name, column(blocker, "node"), "the blocker holds the only worker of " + busy.name);
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode run = busy.post("/api/tasks/hold-transaction/runs?wait=0", "{\"seconds\":1}", 202);
            assertEquals("QUEUED", run.get("status").asText(), "the only worker of " + busy.name + " is busy");
            queued.add(run.get("id").asText());
        }
        Instant askedAt = Instant.now();
        JsonNode answered = busy.post("/api/tasks/hold-transaction/runs?wait=8", "{\"seconds\":1}", 200);
        long answeredInMs = Duration.between(askedAt, Instant.now()).toMillis();
        assertEquals("SUCCEEDED", answered.get("status").asText(), answered.toString());
        assertEquals(idle.name, answered.get("node").asText(), "executed by the idle node: " + answered);
        queued.add(answered.get("id").asText());

        await("every queued run finished").atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> queued.stream().map(this::status).allMatch(ClusterScheduleIT::finished));
        assertEquals("RUNNING", status(blocker), "all of that while " + busy.name + "'s only worker was still busy");
        for (String id : queued) {
            assertEquals("SUCCEEDED", status(id), id);
            assertEquals(idle.name, column(id, "node"), id);
        }

        busy.stopGracefully();
        idle.stopGracefully();
        assertEquals("SUCCEEDED", status(blocker));
        for (String id : queued) {
            assertEquals(1, notes(idle, id), "run " + id + " wrote its note once, on the node that claimed it");
            assertEquals(0, notes(busy, id), "run " + id + " was not executed by the node that queued it");
        }
        System.out.printf("[cluster] phase 5: %d runs queued by %s (one worker, busy) executed by %s; the waiting client"
                + " of %s had its answer in %d ms%n", queued.size(), busy.name, idle.name, busy.name, answeredInMs);
    }

    private static boolean finished(String status) {
        return status != null && !status.equals("QUEUED") && !status.equals("RUNNING");
    }

    private String status(String runId) {
        return column(runId, "status");
    }

    private String column(String runId, String column) {
        try (Connection c = DriverManager.getConnection(historyUrl, dbUser, dbPassword);
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM task_run WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? String.valueOf(rs.getString(1)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(historyUrl, dbUser, dbPassword);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** demo_note rows a run left in a (stopped) node's own embedded H2 database. */
    private static long notes(Node node, String runId) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + node.dataDir.resolve("app"), "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM demo_note WHERE note_text = ?")) {
            ps.setString(1, "held by run " + runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Assertions over the history table
    // ----------------------------------------------------------------------------------------------------------------

    /** One row per whole second from the first to the last recorded fire; names every duplicated or missing second. */
    private static void assertExactlyOncePerSecondWithoutGaps(String task, List<Fire> fires) {
        assertTrue(fires.size() >= 2, task + ": too few fires to judge: " + fires);
        assertAtMostOncePerSecond(task, fires);
        TreeSet<Instant> seconds = fires.stream().map(Fire::second).collect(Collectors.toCollection(TreeSet::new));
        Instant first = seconds.first();
        Instant last = seconds.last();
        assertEquals(List.of(), missingSeconds(fires), task + ": seconds between the first fire " + first
                + " and the last " + last + " without any run");
        assertEquals(Duration.between(first, last).toSeconds() + 1, seconds.size(), task + ": distinct fire seconds");
    }

    /** The whole seconds between the first and the last fire that have no row. */
    private static List<Instant> missingSeconds(List<Fire> fires) {
        TreeSet<Instant> seconds = fires.stream().map(Fire::second).collect(Collectors.toCollection(TreeSet::new));
        List<Instant> missing = new ArrayList<>();
        for (Instant s = seconds.first(); !s.isAfter(seconds.last()); s = s.plusSeconds(1)) {
            if (!seconds.contains(s)) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** No second has two rows, and every fire time is a whole second (the fire's identity). */
    private static void assertAtMostOncePerSecond(String task, List<Fire> fires) {
        List<Fire> fractional = fires.stream().filter(f -> f.scheduledAt().getNano() != 0).toList();
        assertEquals(List.of(), fractional, task + ": fire times that are not whole seconds");
        Map<Instant, List<Fire>> bySecond = fires.stream().collect(Collectors.groupingBy(Fire::second, TreeMap::new,
                Collectors.toList()));
        Map<Instant, List<Fire>> duplicated = new TreeMap<>();
        bySecond.forEach((second, rows) -> {
            if (rows.size() != 1) {
                duplicated.put(second, rows);
            }
        });
        assertEquals(Map.of(), duplicated, task + ": seconds that ran more than once");
    }

    private void assertNoFiresAfter(String task, Instant threshold, String when, Node... up) {
        await(task + " fires nothing for 3 s " + when)
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    requireAlive(up);
                    assertEquals(List.of(),
                            fires(task).stream().filter(f -> f.scheduledAt().isAfter(threshold)).toList(),
                            task + ": fires later than " + threshold + " " + when);
                });
    }

    /** A cron fire as recorded: its fire time (task_run.scheduled_at, UTC wall clock), trigger, node and outcome. */
    private record Fire(Instant scheduledAt, String trigger, String node, String status, String error,
            Instant queuedAt) {

        Instant second() {
            return scheduledAt.truncatedTo(ChronoUnit.SECONDS);
        }
    }

    /** Every recorded cron fire of a task (any trigger), oldest first. */
    private List<Fire> fires(String task) {
        List<Fire> fires = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(historyUrl, dbUser, dbPassword);
                PreparedStatement ps = c.prepareStatement("SELECT scheduled_at, trigger_type, node, status,"
                        + " error_message, queued_at FROM task_run"
                        + " WHERE task_name = ? AND scheduled_at IS NOT NULL ORDER BY scheduled_at, id")) {
            ps.setString(1, task);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // History stores UTC wall-clock values in a plain TIMESTAMP column.
                    Instant at = rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                    fires.add(new Fire(at, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read task_run: " + e.getMessage(), e);
        }
        return fires;
    }

    /** Fails at once, naming the node, when a node that should be up has exited (rather than timing out later). */
    private static boolean requireAlive(Node... expected) {
        for (Node node : expected) {
            if (!node.isAlive()) {
                throw new AssertionError(node.name + " exited unexpectedly with code " + node.process.exitValue()
                        + "; see " + node.log.toAbsolutePath());
            }
        }
        return true;
    }

    /** Runs that failed are no scheduling error (the fire ran once), but worth seeing when reading a run's output. */
    private void printFailedRuns(String when) {
        for (String task : List.of(MONTHLY, PURGE)) {
            fires(task).stream().filter(f -> !f.status().equals("SUCCEEDED") && !f.status().equals("RUNNING"))
                    .forEach(f -> System.out.printf("[cluster] %s: %s fire %s on %s %s: %s%n", when, task, f.second(),
                            f.node(), f.status(), f.error()));
        }
    }

    private long fireSeconds(String task, String trigger) {
        return fires(task).stream().filter(f -> f.trigger().equals(trigger)).map(Fire::second).distinct().count();
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Service processes
    // ----------------------------------------------------------------------------------------------------------------

    private final class Node {

        final String name;
        final Path dataDir;
        final int port;
        final Path log;
        final Path jar;
        Process process;
        List<String> extraArgs = List.of();

        Node(String name, Path dataDir, int port, Path log, Path jar) {
            this.name = name;
            this.dataDir = dataDir;
            this.port = port;
            this.log = log;
            this.jar = jar;
        }

        void start() throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dormtask.run.node=" + name,
                    "-Dormtask.tasks.\"" + MONTHLY + "\".cron=* * * * * ?",
                    "-Dormtask.tasks.\"" + PURGE + "\".cron=* * * * * ?",
                    "-Dormtask.tasks.\"" + PURGE + "\".misfire=RUN_ONCE",
                    // Settle a killed node's runs within seconds, not the production 30 s.
                    "-Dormtask.run.heartbeat-interval=1s",
                    "-Dormtask.run.abandoned-after=5s"));
            command.addAll(extraArgs);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("ORMTASK_"));
            env.put("ORMTASK_DATA_DIR", dataDir.toString());
            env.put("PORT", Integer.toString(port));
            env.put("ORMTASK_DB_URL", historyUrl);
            env.put("ORMTASK_DB_USER", dbUser);
            env.put("ORMTASK_DB_PASSWORD", dbPassword);
            env.put("ORMTASK_SECURITY_TOKENS", "cluster-it:operator:" + TOKEN);
            Files.writeString(log, "===== [ClusterScheduleIT] starting " + name + " at " + Instant.now() + " on port "
                    + port + " =====\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = builder.start();
        }

        void awaitReady() {
            await(name + " ready on port " + port + " (log: " + log.toAbsolutePath() + ")")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        requireAlive(this);
                        try {
                            return send(HttpRequest.newBuilder(uri("/api/tasks")).GET().build()).statusCode() == 200;
                        } catch (IOException notListeningYet) {
                            return false;
                        }
                    });
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        void stopGracefully() throws InterruptedException {
            process.destroy(); // SIGTERM, as Kubernetes stops a pod
            awaitExit();
        }

        void awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), name + " stops on SIGTERM within 60 s");
        }

        void kill() throws InterruptedException {
            if (isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }

        JsonNode get(String path, int expectedStatus) throws Exception {
            return check(send(HttpRequest.newBuilder(uri(path)).GET().build()), expectedStatus);
        }

        JsonNode post(String path, int expectedStatus) throws Exception {
            return check(send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build()),
                    expectedStatus);
        }

        JsonNode post(String path, String json, int expectedStatus) throws Exception {
            return check(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build()), expectedStatus);
        }

        private JsonNode check(HttpResponse<String> response, int expectedStatus) throws IOException {
            assertEquals(expectedStatus, response.statusCode(), name + " " + response.request().method() + " "
                    + response.uri() + ": " + response.body());
            return JSON.readTree(response.body());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(request, (k, v) -> true)
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void printLogTails() {
        for (Node node : nodes) {
            if (node == null) {
                continue;
            }
            try {
                List<String> lines = Files.exists(node.log) ? Files.readAllLines(node.log) : List.of();
                System.out.printf("----- last %d lines of %s (%s) -----%n", LOG_TAIL_LINES, node.name,
                        node.log.toAbsolutePath());
                lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()).forEach(System.out::println);
            } catch (IOException e) {
                System.out.println("cannot read " + node.log + ": " + e.getMessage());
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Small helpers
    // ----------------------------------------------------------------------------------------------------------------

    private static int[] freePorts(int count) throws IOException {
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

    private static String urlOf(String baseUrl, String database) {
        int slash = baseUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = baseUrl.indexOf('?');
        return baseUrl.substring(0, slash + 1) + database + (query >= 0 ? baseUrl.substring(query) : "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
