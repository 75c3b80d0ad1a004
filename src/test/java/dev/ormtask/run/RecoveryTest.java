package dev.ormtask.run;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /** Beat every second; a node silent for two is dead. */
    public static class FastHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ormtask.run.heartbeat-interval", "1s", "ormtask.run.abandoned-after", "2s");
        }
    }

    @Inject
    RunHistory history;

    @Inject
    Clock clock;

    @Test
    void aSilentNodesRunsAreFailedRetriedOrTakenOver() throws Exception {
        String runningLabel = "ghost-running-" + UUID.randomUUID();
        String queuedLabel = "ghost-queued-" + UUID.randomUUID();
        RunRecord running = ghost("lock-nowait", runningLabel, RunStatus.RUNNING);
        RunRecord queued = ghost("write-row", queuedLabel, RunStatus.QUEUED);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                history.find(running.id()).orElseThrow().status() == RunStatus.FAILED
                        && history.find(queued.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        RunRecord failed = history.find(running.id()).orElseThrow();
        assertTrue(failed.error().message().contains("abandoned: node ghost-node stopped"), failed.error().message());
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", queuedLabel),
                "the taken-over queued run executed once");

        // lock-nowait allows five attempts: the abandoned one is tried again here, linked to it.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE first_attempt_id = ? AND attempt = 2 AND trigger_type = 'RETRY'"
                        + " AND status = 'SUCCEEDED'", running.id()) == 1);
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", runningLabel),
                "only the retry's write stayed");
    }

    /** A run recorded for a node that has never beaten. */
    private RunRecord ghost(String task, String label, RunStatus status) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RunRecord run = new RunRecord(dev.ormtask.history.RunIds.next(clock), task, status, Trigger.API,
                "{\"label\":\"" + label + "\"}", false, null, null, null, at,
                status == RunStatus.RUNNING ? at : null, null, "ghost-node", "test", null, null, 1, null);
        history.insert(run);
        return run;
    }
}
