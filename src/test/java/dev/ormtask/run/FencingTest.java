package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The fence in the task's own database, both ways round. A run whose tombstone is written while it still runs (a
 * node took its node for dead) cannot commit: its work is rolled back. A settling node that finds the run's marker
 * committed learns it succeeded; one that finds it held uncommitted (its node frozen mid-commit) waits a bounded
 * time and answers "cannot tell now"; one that finds nothing leaves a tombstone that no late commit gets past.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class FencingTest {

    @Inject
    CommitMarkers markers;

    @Test
    void aRunFencedWhileItRunsRollsBackInsteadOfCommitting() throws Exception {
        String gate = "fenced-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                .when().post("/api/tasks/gated/runs?wait=0").then().statusCode(202).extract().path("id");
        assertTrue(GatedTask.awaitEntered(gate, 30), "the run reached its gate");

        // What a node that took this one for dead does first: its tombstone goes into the task's database.
        assertEquals(CommitMarkers.Fence.NEVER_COMMITS, markers.fence("app", id));
        GatedTask.open(gate);

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !"RUNNING".equals(given().when().get("/api/runs/" + id).then().extract().path("status")));
        given().when().get("/api/runs/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("error.message", org.hamcrest.Matchers.containsString("another node settled run " + id));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", "gated-" + gate),
                "the fenced run's write was rolled back");
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM ormtask_commit_marker WHERE run_id = ? AND kind = 'C'",
                id));
    }

    @Test
    void aSettlingNodeLearnsTheTruthFromTheMarkerOnPostgreSql() throws Exception {
        settlingReadsTheMarker("app");
    }

    @Test
    void aSettlingNodeLearnsTheTruthFromTheMarkerOnMariaDb() throws Exception {
        TestDb.assumeMariaDb("FencingTest.aSettlingNodeLearnsTheTruthFromTheMarkerOnMariaDb");
        settlingReadsTheMarker("maria");
    }

    private void settlingReadsTheMarker(String datasource) throws Exception {
        markers.ensureReady(datasource);
        String committed = UUID.randomUUID().toString();
        String held = UUID.randomUUID().toString();
        String never = UUID.randomUUID().toString();
        insertMarker(datasource, committed);

        assertEquals(CommitMarkers.Fence.COMMITTED, markers.fence(datasource, committed));

        try (Connection frozen = TestDb.connect(datasource)) {
            frozen.setAutoCommit(false);
            insertMarker(frozen, held); // the run's marker, inserted, not yet committed: its node froze here
            long started = System.nanoTime();
            assertEquals(CommitMarkers.Fence.UNKNOWN, markers.fence(datasource, held), "cannot tell while it is held");
            long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(waitedMs < 15_000, "the settling node waited a bounded time, not for the frozen node: " + waitedMs);
            frozen.commit(); // the node resumes and commits
        }
        assertEquals(CommitMarkers.Fence.COMMITTED, markers.fence(datasource, held), "committed after all");

        assertEquals(CommitMarkers.Fence.NEVER_COMMITS, markers.fence(datasource, never));
        assertThrows(SQLException.class, () -> insertMarker(datasource, never),
                "a late commit of a fenced run collides with its tombstone");
        assertEquals(CommitMarkers.Fence.NEVER_COMMITS, markers.fence(datasource, never), "and the answer stays");
        for (String id : List.of(committed, held, never)) {
            TestDb.execute(datasource, "DELETE FROM ormtask_commit_marker WHERE run_id = '" + id + "'");
        }
    }

    private static void insertMarker(String datasource, String runId) throws SQLException {
        try (Connection c = TestDb.connect(datasource)) {
            insertMarker(c, runId);
        }
    }

    private static void insertMarker(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ormtask_commit_marker (run_id, committed_ms, kind) VALUES (?, ?, 'C')")) {
            ps.setString(1, runId);
            ps.setLong(2, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }
}
