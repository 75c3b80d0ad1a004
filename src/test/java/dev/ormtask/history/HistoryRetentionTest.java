package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping deletes old finished runs in batches and never a queued or running one. Its own profile gives it its
 * own databases: a per-task sweep would otherwise thin out the history other test classes read.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(HistoryRetentionTest.OwnDatabases.class)
class HistoryRetentionTest {

    /** Batches of 500, as in production. */
    public static class OwnDatabases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ormtask.history.cleanup-batch", "500");
        }
    }

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Inject
    HistoryRetention retention;

    @Inject
    RunHistory history;

    @Test
    void deletesFinishedRunsOlderThanMaxAgeButNeverUnfinishedOnes() throws Exception {
        String task = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        Instant old = Instant.now().minus(Duration.ofDays(200));
        for (int i = 0; i < 1203; i++) { // more than two batches of 500
            history.insert(run(task, old.plusMillis(i), RunStatus.SKIPPED));
        }
        String oldRunning = insert(task, old, RunStatus.QUEUED);
        String recent = insert(task, Instant.now().minus(Duration.ofDays(1)), RunStatus.SKIPPED);

        retention.clean(Duration.ofDays(90), Optional.empty());

        assertEquals(2, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = ?", task));
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ?", oldRunning));
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ?", recent));
    }

    @Test
    void keepsOnlyTheNewestRunsPerTask() throws Exception {
        String task = "keep-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "keep-other-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofHours(1));
        String newest = null;
        for (int i = 0; i < 10; i++) {
            newest = insert(task, start.plusSeconds(i), RunStatus.SKIPPED);
            insert(other, start.plusSeconds(i), RunStatus.SKIPPED);
        }
        retention.clean(Duration.ofDays(90), Optional.of(3));
        assertEquals(3, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = ?", task));
        assertEquals(3, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = ?", other));
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ?", newest));
    }

    private String insert(String task, Instant at, RunStatus status) {
        RunRecord run = run(task, at, status);
        history.insert(run);
        return run.id();
    }

    /** A run queued at {@code at}, with an id of that time (RunIds.next never goes back in time, so built here). */
    private static RunRecord run(String task, Instant at, RunStatus status) {
        String id = new UUID((at.toEpochMilli() << 16) | 0x7000L | (SEQUENCE.incrementAndGet() & 0xFFF),
                0x8000000000000000L | (UUID.randomUUID().getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL)).toString();
        return new RunRecord(id, task, status, dev.ormtask.task.Trigger.API, "{}", false, null, null,
                status == RunStatus.SKIPPED ? RunError.of("test") : null, at, null,
                status == RunStatus.SKIPPED ? at : null, "node", "test", null, null, 1, null);
    }
}
