package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The node that accepted a run, when another node claims it: the accepting node never executes it, and a client
 * waiting there gets the outcome from the claiming node, following a transient failure into its next attempt.
 * A client repeating its Idempotency-Key waits the same way for the first run. "Another node" is played by this test,
 * writing to the history database as a replica would.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(CapacityTest.OneWorker.class)
class ClaimedRunFollowTest {

    private static final String OTHER = "claiming-node";

    @Inject
    RunClaims claims;

    @Test
    void aWaitingClientGetsTheOutcomeOfTheNodeThatClaimedItsRun() throws Exception {
        beat(OTHER);
        String gate = "follow-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                .when().post("/api/tasks/gated/runs?wait=0").then().statusCode(202);
        assertTrue(GatedTask.awaitEntered(gate, 30), "the only worker is busy");

        String label = "claimed-" + UUID.randomUUID();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body("{\"label\":\"" + label + "\"}").when().post("/api/tasks/lock-nowait/runs?wait=60"));
        Awaitility.await("the run queued").atMost(Duration.ofSeconds(20)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE task_name = 'lock-nowait' AND status = 'QUEUED' AND params LIKE ?",
                "%" + label + "%") == 1);
        String first = runIdWith(label);

        // The other node claims it, as RunHistory.claimQueuedOfOthers does, while this node's worker is busy.
        assertEquals(1, TestDb.update("postgres",
                "UPDATE task_run SET status = 'RUNNING', node = ?, started_at = ? WHERE id = ?"
                + " AND status = 'QUEUED'", OTHER, utcNow(), first));
        // This node's claim pass notices at once (not only when a worker frees up) and follows the run from now on;
        // its worker, when it reaches the run, must still not execute it.
        claims.claim();
        GatedTask.open(gate);

        // The other node's attempt fails transiently; it records the failure, then the next attempt.
        TestDb.update("postgres",
                "UPDATE task_run SET status = 'FAILED', finished_at = ?, error_message = 'lock not available'"
                + " WHERE id = ?", utcNow(), first);
        String second = dev.ormtask.history.RunIds.next(java.time.Clock.systemUTC());
        TestDb.update("postgres",
                "INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, queued_at, started_at,"
                + " node, requested_by, attempt, first_attempt_id) SELECT ?, task_name, 'RUNNING', 'RETRY', params,"
                + " dry_run, ?, ?, node, requested_by, 2, id FROM task_run WHERE id = ?", second, utcNow(), utcNow(),
                first);
        assertTrue(!waiting.isDone(), "the client still waits while the next attempt runs");
        succeedElsewhere(second);

        Response answer = waiting.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(second, answer.path("id"));
        assertEquals("SUCCEEDED", answer.path("status"));
        assertEquals(2, (int) answer.path("attempt"));
        assertEquals(OTHER, answer.path("node"));
        assertEquals("claiming-node", answer.path("result.by"));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "the accepting node never executed the claimed run");
    }

    @Test
    void aRepeatedIdempotencyKeyWaitsForTheRunExecutingOnAnotherNode() throws Exception {
        beat(OTHER);
        String label = "repeated-" + UUID.randomUUID();
        String key = "job-" + UUID.randomUUID();
        String id = dev.ormtask.history.RunIds.next(java.time.Clock.systemUTC());
        TestDb.update("postgres",
                "INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, queued_at, started_at,"
                + " node, requested_by, idempotency_key, attempt) VALUES (?, 'write-row', 'RUNNING', 'API', ?, false,"
                + " ?, ?, ?, 'test', ?, 1)", id, "{\"label\":\"" + label + "\"}", utcNow(), utcNow(), OTHER, key);

        // A repeat that may wait one second waits it out and answers 202 with the run still running elsewhere: it
        // neither starts a second run nor answers at once. Nothing ends the run meanwhile, so this cannot pass by luck.
        long sent = System.nanoTime();
        Response waited = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"label\":\"" + label + "\"}").when().post("/api/tasks/write-row/runs?wait=1");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertEquals(202, waited.statusCode(), waited.asString());
        assertEquals(id, waited.path("id"));
        assertEquals("RUNNING", waited.path("status"));
        assertEquals(OTHER, waited.path("node"));
        assertTrue(tookMs >= 1000, "the repeated start waited for the run, yet answered after " + tookMs + " ms");

        // A repeat that waits longer gets the outcome once the other node records it.
        CompletableFuture<Response> repeated = CompletableFuture.supplyAsync(() -> given()
                .contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"label\":\"" + label + "\"}").when().post("/api/tasks/write-row/runs?wait=30"));
        succeedElsewhere(id);

        Response answer = repeated.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(id, answer.path("id"));
        assertEquals("claiming-node", answer.path("result.by"));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "no second run");
    }

    /** The claiming node records the run's success, as RunHistory.finish does. */
    private static void succeedElsewhere(String runId) throws SQLException {
        TestDb.update("postgres",
                "UPDATE task_run SET status = 'SUCCEEDED', finished_at = ?, result = '{\"by\":\"claiming-node\"}'"
                + " WHERE id = ?", utcNow(), runId);
    }

    private static String runIdWith(String label) throws SQLException {
        try (Connection c = TestDb.connect("postgres");
                PreparedStatement ps = c.prepareStatement("SELECT id FROM task_run WHERE params LIKE ?")) {
            ps.setString(1, "%" + label + "%");
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static java.time.LocalDateTime utcNow() {
        return java.time.LocalDateTime.now(java.time.ZoneOffset.UTC);
    }

    /** A heartbeat far ahead, so that the recovery sweep takes the claiming node for alive throughout. */
    private static void beat(String node) throws SQLException {
        TestDb.update("postgres", "DELETE FROM node_heartbeat WHERE node = ?", node);
        TestDb.update("postgres",
                "INSERT INTO node_heartbeat (node, beat_at) VALUES (?, ?)", node, utcNow().plusMinutes(10));
    }
}
