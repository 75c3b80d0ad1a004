package dev.ormtask.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.ServiceNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as Kubernetes stops a pod, while clients wait on runs: readiness goes DOWN while the port still answers,
 * a run that ends within the grace is answered with its outcome, one that outlasts it with 202 and its Location, and
 * no client is cut off. What the stopped run wrote is rolled back and it is recorded CANCELLED.
 */
class ShutdownIT {

    private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @TempDir
    Path data;

    private ServiceNode node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.kill();
        }
    }

    @Test
    void sigtermAnswersEveryWaitingClientAndTurnsReadinessDownBeforeThePortCloses() throws Exception {
        node = new ServiceNode("shutdown-it", Path.of("target", "quarkus-app", "quarkus-run.jar"),
                ServiceNode.freePorts(1)[0], TOKEN);
        node.start(List.of("-Dormtask.run.shutdown-grace=6s"), Map.of(
                "ORMTASK_DATA_DIR", data.toString(),
                "ORMTASK_SECURITY_TOKENS", "shutdown-it:operator:" + TOKEN,
                "ORMTASK_SHUTDOWN_DELAY", "2s",
                "ORMTASK_SHUTDOWN_TIMEOUT", "15s",
                "ORMTASK_TASKS__PURGE_EXPIRED_SESSIONS__CRON", "* * * * * ?"));
        node.awaitReady();
        // One fire of the every-second cron finished before the runs below take the workers, so the check after
        // the stop that fires ran (and were not left QUEUED) does not depend on a worker being free at a fire time.
        await("a purge-expired-sessions fire SUCCEEDED").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> node.send(HttpRequest.newBuilder(
                        node.uri("/api/runs?task=purge-expired-sessions&status=SUCCEEDED")).GET().build())
                        .body().contains("\"status\":\"SUCCEEDED\""));

        CompletableFuture<HttpResponse<String>> quick = start(3);
        CompletableFuture<HttpResponse<String>> slow = start(120);
        await("both runs executing").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> node.send(HttpRequest.newBuilder(node.uri("/api/runs?task=hold-transaction&status=RUNNING"))
                        .GET().build()).body().split("\"status\":\"RUNNING\"", -1).length - 1 == 2);

        // What readiness answers from the signal on, until the port closes: 200s, then 503s, then refused.
        List<String> readiness = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    readiness.add(String.valueOf(node.send(HttpRequest.newBuilder(node.uri("/q/health/ready"))
                            .timeout(Duration.ofSeconds(2)).GET().build()).statusCode()));
                } catch (IOException e) {
                    readiness.add("refused");
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "readiness-watcher");
        watcher.start();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                node.stopGracefully();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // A start while the node stops (readiness DOWN, the port still open for the shutdown delay): its run cannot
        // start here, so its client is answered at once with 202 and the Location, not held until the grace ends.
        await("readiness DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> readiness.contains("503"));
        long sent = System.nanoTime();
        HttpResponse<String> lateStart = start(0).get(30, TimeUnit.SECONDS);
        long answeredMillis = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(202, lateStart.statusCode(), lateStart.body());
        assertTrue(lateStart.body().contains("\"status\":\"QUEUED\""), lateStart.body());
        assertTrue(answeredMillis < 3_000, "answered after " + answeredMillis + " ms, not at once (the grace is 6 s)");
        stopped.get(90, TimeUnit.SECONDS);
        watching.set(false);
        watcher.join(10_000);

        HttpResponse<String> quickAnswer = quick.get(30, TimeUnit.SECONDS);
        assertEquals(200, quickAnswer.statusCode(), quickAnswer.body());
        assertTrue(quickAnswer.body().contains("\"status\":\"SUCCEEDED\""), quickAnswer.body());

        HttpResponse<String> slowAnswer = slow.get(30, TimeUnit.SECONDS);
        assertEquals(202, slowAnswer.statusCode(), "a run still going at the end of the grace: " + slowAnswer.body());
        String slowId = id(slowAnswer);
        assertEquals("/api/runs/" + slowId, slowAnswer.headers().firstValue("Location").orElse("")
                .replaceFirst("^https?://[^/]+", ""));

        List<String> seen = List.copyOf(readiness);
        int firstDown = seen.indexOf("503");
        int firstRefused = seen.indexOf("refused");
        assertTrue(firstDown >= 0 && (firstRefused < 0 || firstDown < firstRefused),
                "readiness answered DOWN before the port closed: " + compress(seen));
        assertFalse(seen.subList(firstDown, seen.size()).contains("200"), "readiness never came back: " + compress(seen));
        String thisRun = node.logSinceStart();
        assertFalse(thisRun.contains("SRHCK01001"), "each DOWN readiness answer was logged with its JSON: " + node.log);

        // After the process exited: the quick run's note is committed, the stopped one's rolled back.
        assertEquals("SUCCEEDED", status(id(quickAnswer)));
        assertEquals("CANCELLED", status(slowId));
        assertEquals(1, notes(id(quickAnswer)));
        assertEquals(0, notes(slowId), "the stopped run's work was rolled back");
        // Fires during the drain are not recorded QUEUED for a next start however late (misfire policy SKIP).
        assertEquals(0, count("SELECT count(*) FROM task_run WHERE task_name = 'purge-expired-sessions'"
                + " AND status = 'QUEUED'"), "cron fires left queued by the stop");
        assertTrue(count("SELECT count(*) FROM task_run WHERE task_name = 'purge-expired-sessions'"
                + " AND status = 'SUCCEEDED'") > 0, "the every-second cron ran before the stop");
        assertTrue(thisRun.contains("of purge-expired-sessions not recorded here: this node is stopping"),
                "the log says why: " + node.log);
        System.out.println("[shutdown] readiness after SIGTERM: " + compress(seen));
    }

    private CompletableFuture<HttpResponse<String>> start(int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return node.send(HttpRequest.newBuilder(node.uri("/api/tasks/hold-transaction/runs?wait=60"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\":" + seconds + "}")).build());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the client's request was cut off: " + e, e);
            }
        });
    }

    private static String id(HttpResponse<String> answer) {
        Matcher id = ID.matcher(answer.body());
        assertTrue(id.find(), answer.body());
        return id.group(1);
    }

    private String status(String runId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("history"), "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT status FROM task_run WHERE id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), runId);
                return rs.getString(1);
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("history"), "sa", "");
                PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long notes(String runId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("app"), "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM demo_note WHERE note_text = ?")) {
            ps.setString(1, "held by run " + runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** 200 ×12, 503 ×40, refused ×3 */
    private static String compress(List<String> seen) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < seen.size(); ) {
            int j = i;
            while (j < seen.size() && seen.get(j).equals(seen.get(i))) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ", ").append(seen.get(i)).append(" ×").append(j - i);
            i = j;
        }
        return out.toString();
    }
}
