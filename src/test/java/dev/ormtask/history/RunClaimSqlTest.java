package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Claiming queued runs of other nodes, on each database that can hold history: two claimers racing over the same
 * queue never get the same run, every claimable run is claimed once, and runs still in their backoff, of this node
 * or of tasks this node does not know are left alone.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunClaimSqlTest {

    private static final int CLAIMABLE = 40;

    @Inject
    AgroalDataSource h2;

    @Inject
    @DataSource("postgres")
    AgroalDataSource postgres;

    @Inject
    @DataSource("maria")
    AgroalDataSource maria;

    @Test
    void claimsEachRunOnceOnH2() throws Exception {
        claimsEachRunOnce(h2);
    }

    @Test
    void claimsEachRunOnceOnPostgreSql() throws Exception {
        claimsEachRunOnce(postgres);
    }

    @Test
    void claimsEachRunOnceOnMariaDb() throws Exception {
        if (!TestDb.mariaDbAvailable()) {
            System.out.println("SKIPPED RunClaimSqlTest on MariaDB: " + TestDb.mariaDbSkipReason());
        }
        Assumptions.assumeTrue(TestDb.mariaDbAvailable(), TestDb.mariaDbSkipReason());
        claimsEachRunOnce(maria);
    }

    private void claimsEachRunOnce(AgroalDataSource dataSource) throws Exception {
        HistoryJdbc jdbc = new HistoryJdbc(dataSource);
        RunHistory history = new RunHistory(jdbc);
        String task = "claim-" + UUID.randomUUID().toString().substring(0, 8);
        String unknownTask = task + "-unknown";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Alive, only busy: on the service's own history store its recovery sweep must not take these runs over.
        for (String node : List.of("busy-node", "claimer-a", "claimer-b")) {
            new NodeHeartbeats(jdbc).beat(node, now.plusSeconds(600));
        }

        Set<String> claimable = new HashSet<>();
        for (int i = 0; i < CLAIMABLE; i++) {
            RunRecord run = queued(task, "busy-node", now);
            history.insert(run);
            claimable.add(run.id());
        }
        RunRecord inBackoff = queued(task, "busy-node", now);
        history.insert(inBackoff, now.plusSeconds(3600));
        RunRecord backoffOver = queued(task, "busy-node", now);
        history.insert(backoffOver, now.minusSeconds(1));
        claimable.add(backoffOver.id());
        RunRecord queuedByA = queued(task, "claimer-a", now); // in claimer-a's local queue: only b may claim it
        history.insert(queuedByA);
        claimable.add(queuedByA.id());
        RunRecord otherVersionsTask = queued(unknownTask, "busy-node", now);
        history.insert(otherVersionsTask);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<RunRecord>>> claims = new ArrayList<>();
            for (String claimer : List.of("claimer-a", "claimer-b")) {
                Callable<List<RunRecord>> drain = () -> {
                    List<RunRecord> mine = new ArrayList<>();
                    for (List<RunRecord> batch = history.claimQueuedOfOthers(claimer, List.of(task), now, 3);
                            !batch.isEmpty(); batch = history.claimQueuedOfOthers(claimer, List.of(task), now, 3)) {
                        mine.addAll(batch);
                    }
                    return mine;
                };
                claims.add(pool.submit(drain));
            }
            List<RunRecord> byA = new ArrayList<>(claims.get(0).get());
            List<RunRecord> byB = new ArrayList<>(claims.get(1).get());
            // A claimer stops at its first empty batch, which it may get while the other holds the last rows: one
            // more pass each, one after the other, takes what is left.
            byB.addAll(history.claimQueuedOfOthers("claimer-b", List.of(task), now, CLAIMABLE));
            byA.addAll(history.claimQueuedOfOthers("claimer-a", List.of(task), now, CLAIMABLE));

            List<String> all = new ArrayList<>();
            byA.forEach(r -> all.add(r.id()));
            byB.forEach(r -> all.add(r.id()));
            assertEquals(claimable.size(), all.size(), "claims in all (a: " + byA.size() + ", b: " + byB.size() + ")");
            assertEquals(claimable, new HashSet<>(all), "every claimable run claimed exactly once");
            for (RunRecord run : byA) {
                assertEquals("busy-node", run.node(), "a claim reports the node that queued the run; a never claims"
                        + " a run it queued itself");
                RunRecord now1 = history.find(run.id()).orElseThrow();
                assertEquals(RunStatus.RUNNING, now1.status());
                assertEquals("claimer-a", now1.node());
                assertEquals(now, now1.startedAt());
            }
            for (RunRecord run : byB) {
                assertEquals("claimer-b", history.find(run.id()).orElseThrow().node());
            }
            assertTrue(byB.stream().anyMatch(r -> r.id().equals(queuedByA.id())), "b claimed the run a queued");
            for (RunRecord left : List.of(inBackoff, otherVersionsTask)) {
                assertEquals(RunStatus.QUEUED, history.find(left.id()).orElseThrow().status(), left.taskName());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunRecord queued(String task, String node, Instant at) {
        return new RunRecord(RunIds.next(java.time.Clock.systemUTC()), task, RunStatus.QUEUED, Trigger.API, "{}",
                false, null, null, null, at, null, null, node, "test", null, null, 1, null);
    }
}
