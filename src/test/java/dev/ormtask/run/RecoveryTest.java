package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Runs of a node that never beats again (a "ghost", as after kill -9) are settled by this node: a running one is
 * failed as abandoned and, because its task allows retries, tried again here; a queued one is taken over and run.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(RecoveryTest.FastHeartbeat.class)
class RecoveryTest {

    /**
     * Beat every second; a node silent for four is dead; runs leave commit markers. (Two were too few on a loaded
     * 2-core CI machine: a beat half a second late made this node refuse its own commits, NodeLiveness.)
     */
    public static class FastHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ormtask.run.heartbeat-interval", "1s", "ormtask.run.abandoned-after", "4s",
                    "ormtask.run.commit-markers", "true");
        }
    }

    @Inject
    RunHistory history;

    @Inject
    Clock clock;

    @Inject
    CommitMarkers markers;

    @Test
    void aSilentNodesRunsAreFailedRetriedOrTakenOver() throws Exception {
        String runningLabel = "ghost-running-" + UUID.randomUUID();
        String queuedLabel = "ghost-queued-" + UUID.randomUUID();
        String failedRuns = "status=\"FAILED\",task=\"lock-nowait\"";
        double failedBefore = MetricsTest.value(MetricsTest.scrape(), "ormtask_runs_finished_total", failedRuns);
        RunRecord running = ghost("lock-nowait", runningLabel, RunStatus.RUNNING);
        RunRecord queued = ghost("write-row", queuedLabel, RunStatus.QUEUED);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                history.find(running.id()).orElseThrow().status() == RunStatus.FAILED
                        && history.find(queued.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        RunRecord failed = history.find(running.id()).orElseThrow();
        assertTrue(failed.error().message().contains("abandoned: node ghost-node stopped"), failed.error().message());
        assertTrue(failed.error().message().contains("did not commit (no commit marker)"), failed.error().message());
        // The node that settled it counts its end, as the ghost never will.
        Awaitility.await("the settled run counted").atMost(Duration.ofSeconds(10)).until(() -> MetricsTest.value(
                MetricsTest.scrape(), "ormtask_runs_finished_total", failedRuns) == failedBefore + 1);
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", queuedLabel),
                "the taken-over queued run executed once");

        // lock-nowait allows five attempts: the abandoned one is tried again here, linked to it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE first_attempt_id = ? AND attempt = 2 AND trigger_type = 'RETRY'"
                        + " AND status = 'SUCCEEDED'", running.id()) == 1);
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", runningLabel),
                "only the retry's write stayed");
    }

    @Test
    void aSilentNodesRunThatCommittedIsRecordedSucceededAndNotTriedAgain() throws Exception {
        String label = "ghost-committed-" + UUID.randomUUID();
        RunRecord running = ghostRecord("lock-nowait", label, RunStatus.RUNNING);
        // What the ghost's transaction left before its node died: its work and, with it, its marker. Written before
        // the run is recorded, or the sweep (every second) may fence the run first and this insert would collide.
        try (Connection c = TestDb.connect("app")) {
            c.setAutoCommit(false);
            try (PreparedStatement work = c.prepareStatement("INSERT INTO test_write (run_id, label) VALUES (?, ?)");
                    PreparedStatement marker = c.prepareStatement(
                            "INSERT INTO ormtask_commit_marker (run_id, committed_ms) VALUES (?, ?)")) {
                work.setString(1, running.id());
                work.setString(2, label);
                work.executeUpdate();
                marker.setString(1, running.id());
                marker.setLong(2, System.currentTimeMillis());
                marker.executeUpdate();
            }
            c.commit();
        }
        history.insert(running);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                history.find(running.id()).orElseThrow().status().isTerminal());
        RunRecord settled = history.find(running.id()).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, settled.status(), String.valueOf(settled.error()));
        assertTrue(settled.resultJson().contains("had committed"), settled.resultJson());
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE first_attempt_id = ?",
                running.id()), "a run that committed is not tried again, although its task allows retries");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
    }

    @Test
    void aRunLeavesItsMarkerOnlyWhenItCommits() throws Exception {
        String committed = given().contentType(ContentType.JSON).body("{\"label\":\"marker-" + UUID.randomUUID() + "\"}")
                .when().post("/api/tasks/write-row/runs").then().statusCode(200).extract().path("id");
        String dry = given().contentType(ContentType.JSON).body("{\"label\":\"marker-dry\"}")
                .when().post("/api/tasks/write-row/runs?dryRun=true").then().statusCode(200).extract().path("id");
        String failed = given().when().post("/api/tasks/fail-on-purpose/runs").then().statusCode(500)
                .extract().path("id");
        for (String id : new String[] {committed, dry, failed}) {
            assertEquals(id.equals(committed) ? 1 : 0,
                    TestDb.scalar("app", "SELECT count(*) FROM ormtask_commit_marker WHERE run_id = ?", id), id);
        }
    }

    @Test
    void markersOlderThanADayAreDeletedAndNewerOnesKept() throws Exception {
        String old = "old-" + UUID.randomUUID().toString().substring(0, 30);
        String fresh = "new-" + UUID.randomUUID().toString().substring(0, 30);
        List<String> datasources = TestDb.mariaDbAvailable() ? List.of("app", "maria") : List.of("app");
        if (!TestDb.mariaDbAvailable()) {
            System.out.println("RecoveryTest: marker cleanup checked on PostgreSQL only: " + TestDb.mariaDbSkipReason());
        }
        for (String datasource : datasources) {
            try (Connection c = TestDb.connect(datasource); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ormtask_commit_marker (run_id, committed_ms) VALUES (?, ?)")) {
                ps.setString(1, old);
                ps.setLong(2, System.currentTimeMillis() - Duration.ofDays(2).toMillis());
                ps.executeUpdate();
                ps.setString(1, fresh);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
        markers.deleteOldMarkers();
        for (String datasource : datasources) {
            assertEquals(0, TestDb.scalar(datasource, "SELECT count(*) FROM ormtask_commit_marker WHERE run_id = ?", old),
                    datasource);
            assertEquals(1, TestDb.scalar(datasource, "SELECT count(*) FROM ormtask_commit_marker WHERE run_id = ?",
                    fresh), datasource);
        }
    }

    @Inject
    RunRecovery recovery;

    @Inject
    NodeIdentity node;

    @Test
    void aRestartSettlesWhatTheEarlierLifeLeftRunningButNotWhatThisOneStartedSince() throws Exception {
        // A restarted node may claim queued runs before its startup recovery runs: those are its own now, and
        // settling them failed a run that had just started (EmbeddedDefaultIT caught it once on a slow machine).
        RunRecord leftover = own("write-row", "leftover-" + UUID.randomUUID(), node.processStarted().minusSeconds(60));
        RunRecord since = own("write-row", "since-" + UUID.randomUUID(), node.now());
        try {
            recovery.onStart(null);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> history.find(leftover.id()).orElseThrow().status() == RunStatus.FAILED);
            assertTrue(history.find(leftover.id()).orElseThrow().error().message().contains("restarted before the run"
                    + " ended"));
            assertEquals(RunStatus.RUNNING, history.find(since.id()).orElseThrow().status());
        } finally {
            TestDb.execute("postgres", "UPDATE task_run SET status = 'FAILED' WHERE id = '" + since.id() + "'");
        }
    }

    /** A run recorded RUNNING on this node since {@code startedAt}, which nothing here executes. */
    private RunRecord own(String task, String label, Instant startedAt) {
        Instant at = startedAt.truncatedTo(ChronoUnit.MICROS);
        RunRecord run = new RunRecord(dev.ormtask.history.RunIds.next(clock), task, RunStatus.RUNNING, Trigger.API,
                "{\"label\":\"" + label + "\"}", false, null, null, null, at, at, null, node.name(), "test", null,
                null, 1, null);
        history.insert(run);
        return run;
    }

    /** A run recorded for a node that has never beaten. */
    private RunRecord ghost(String task, String label, RunStatus status) {
        RunRecord run = ghostRecord(task, label, status);
        history.insert(run);
        return run;
    }

    /** A run of a node that has never beaten, not recorded yet. */
    private RunRecord ghostRecord(String task, String label, RunStatus status) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new RunRecord(dev.ormtask.history.RunIds.next(clock), task, status, Trigger.API,
                "{\"label\":\"" + label + "\"}", false, null, null, null, at,
                status == RunStatus.RUNNING ? at : null, null, "ghost-node", "test", null, null, 1, null);
    }
}
