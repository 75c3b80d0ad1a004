package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Any replica may execute a queued run: a run that a busy but live node queued is claimed and executed here once,
 * within the claim interval; a retry still in its backoff is not.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunClaimsTest {

    private static final String BUSY = "busy-replica";

    @Inject
    RunHistory history;

    @Inject
    NodeIdentity node;

    @Inject
    Clock clock;

    @Test
    void aRunQueuedByABusyNodeIsExecutedHereOnceButNotBeforeItsBackoff() throws Exception {
        TestDb.execute("postgres", "DELETE FROM node_heartbeat WHERE node = '" + BUSY + "'");
        TestDb.execute("postgres", "INSERT INTO node_heartbeat (node, beat_at) VALUES ('" + BUSY + "', TIMESTAMP '"
                + LocalDateTime.now(ZoneOffset.UTC).plusMinutes(10) + "')"); // alive throughout
        String backoffLabel = "backoff-" + UUID.randomUUID();
        String label = "claimed-" + UUID.randomUUID();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RunRecord inBackoff = queued(backoffLabel, now);
        history.insert(inBackoff, now.plus(Duration.ofHours(1)));
        RunRecord claimable = queued(label, now);
        history.insert(claimable);

        Awaitility.await("the busy node's run executed here").atMost(Duration.ofSeconds(20))
                .until(() -> history.find(claimable.id()).orElseThrow().status().isTerminal());
        RunRecord done = history.find(claimable.id()).orElseThrow();
        assertEquals(RunStatus.SUCCEEDED, done.status());
        assertEquals(node.name(), done.node(), "claimed by this node");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
        // The claim that took the claimable run saw the retry too (inserted first) and left it to its backoff.
        assertEquals(RunStatus.QUEUED, history.find(inBackoff.id()).orElseThrow().status());
        assertEquals(BUSY, history.find(inBackoff.id()).orElseThrow().node());
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", backoffLabel));
        TestDb.execute("postgres", "UPDATE task_run SET status = 'CANCELLED', finished_at = queued_at WHERE id = '"
                + inBackoff.id() + "'"); // not left for later tests' claims
    }

    private RunRecord queued(String label, Instant at) {
        return new RunRecord(RunIds.next(clock), "write-row", RunStatus.QUEUED, Trigger.API,
                "{\"label\":\"" + label + "\"}", false, null, null, null, at, null, null, BUSY, "test", null, null, 1,
                null);
    }
}
