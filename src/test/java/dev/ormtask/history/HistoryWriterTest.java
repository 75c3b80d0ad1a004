package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunTransitions.NewRun;
import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit, on PostgreSQL: runs handed in while the writer is busy are written together, in one transaction (one
 * {@code xmin} for all their rows), and each caller hears back only once that transaction has committed; outcomes
 * share commits the same way; one bad row in a batch fails only its own caller.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class HistoryWriterTest {

    private static final int BATCH = 40;
    private static final String TASKS = "writer-%";

    private final List<HistoryWriter> writers = new ArrayList<>();

    /** Stops this test's writers and removes its runs (of tasks no service knows) from the shared history. */
    @AfterEach
    void cleanUp() throws SQLException {
        writers.forEach(HistoryWriter::stop);
        writers.clear();
        try (Connection c = postgres.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM task_run WHERE task_name LIKE ?")) {
            ps.setString(1, TASKS);
            ps.executeUpdate();
        }
    }

    private HistoryWriter newWriter() {
        HistoryWriter writer = new HistoryWriter(new HistoryJdbc(postgres));
        writers.add(writer);
        return writer;
    }

    @Inject
    @DataSource("postgres")
    AgroalDataSource postgres;

    @Inject
    // An Instance: without MariaDB the datasource is inactive, and a plain injection would stop every test's start.
    @DataSource("maria")
    jakarta.enterprise.inject.Instance<AgroalDataSource> maria;

    @Test
    void newRunsHandedInTogetherShareOneCommitAndAreAnsweredAfterIt() throws Exception {
        HistoryWriter writer = newWriter();
        String task = task("admit");
        List<RunRecord> runs = new ArrayList<>();
        Map<String, Boolean> committedWhenAnswered = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        try (Blocker blocked = Blocker.busy(postgres, writer, task)) {
            for (int i = 0; i < BATCH; i++) {
                RunRecord run = queued(task, null);
                runs.add(run);
                // On the writer's thread, at the moment the caller is answered: is the row visible from outside?
                answers.add(writer.record(run, null).thenRun(() -> committedWhenAnswered.put(run.id(), exists(run))));
            }
            assertTrue(answers.stream().noneMatch(CompletableFuture::isDone), "nobody is answered before the commit");
            assertEquals(0, count(runs), "nothing of the batch is visible before its commit");
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertEquals(BATCH, count(runs));
        assertEquals(1, transactions(runs), "the runs handed in while the writer was busy share one commit");
        assertEquals(BATCH, committedWhenAnswered.size());
        assertTrue(committedWhenAnswered.values().stream().allMatch(Boolean::booleanValue),
                "each caller is answered only once its row is committed (a 202 is durable)");
    }

    @Test
    void outcomesHandedInTogetherShareOneCommit() throws Exception {
        HistoryWriter writer = newWriter();
        String task = task("finish");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        new NodeHeartbeats(new HistoryJdbc(postgres)).beat("writer-test", "test", now.plusSeconds(600), null);
        List<RunRecord> running = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            RunRecord run = queued(task, null).started(now, "writer-test");
            writer.record(run, null).get(30, TimeUnit.SECONDS);
            running.add(run);
        }
        List<CompletableFuture<Boolean>> written = new ArrayList<>();
        try (Blocker blocked = Blocker.busy(postgres, writer, task)) {
            for (RunRecord run : running) {
                RunRecord done = run.finished(RunStatus.SUCCEEDED, "{}", null, null, now.plusMillis(5));
                written.add(writer.finish(new RunEnd(done, false, null, null)));
            }
            assertTrue(written.stream().noneMatch(CompletableFuture::isDone));
        }
        for (CompletableFuture<Boolean> w : written) {
            assertTrue(w.get(30, TimeUnit.SECONDS), "each end was written");
        }
        assertEquals(BATCH, count(running, RunStatus.SUCCEEDED));
        assertEquals(1, transactions(running), "the ends handed in while the writer was busy share one commit");
    }

    @Test
    void oneBadRowFailsOnlyItsOwnCaller() throws Exception {
        HistoryWriter writer = newWriter();
        String task = task("bad-row");
        String key = "key-" + UUID.randomUUID();
        writer.record(queued(task, key), null).get(30, TimeUnit.SECONDS);
        List<RunRecord> good = new ArrayList<>();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        CompletableFuture<Void> duplicate;
        try (Blocker blocked = Blocker.busy(postgres, writer, task)) {
            for (int i = 0; i < 3; i++) {
                RunRecord run = queued(task, null);
                good.add(run);
                answers.add(writer.record(run, null));
            }
            duplicate = writer.record(queued(task, key), null);
            for (int i = 0; i < 3; i++) {
                RunRecord run = queued(task, null);
                good.add(run);
                answers.add(writer.record(run, null));
            }
        }
        for (CompletableFuture<Void> answer : answers) {
            answer.get(30, TimeUnit.SECONDS);
        }
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> duplicate.get(30, TimeUnit.SECONDS));
        assertInstanceOf(DuplicateRequestException.class, refused.getCause(), "the duplicate key is named as such");
        assertEquals(good.size(), count(good), "the other runs of its batch were written");
    }

    /** A claim on MariaDB reads at READ COMMITTED; the pool's connection goes back at the isolation it came with. */
    @Test
    void aClaimOnMariaDbGivesItsConnectionBackAtItsIsolation() throws Exception {
        TestDb.assumeMariaDb("HistoryWriterTest.aClaimOnMariaDbGivesItsConnectionBackAtItsIsolation");
        try (Connection connection = maria.get().getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            HistoryWriter writer = new HistoryWriter(new HistoryJdbc(onlyThis(connection)));
            writers.add(writer);
            String task = task("isolation");
            RunRecord queued = queued(task, null);
            writer.record(queued, null).get(30, TimeUnit.SECONDS);
            CompletableFuture<List<RunRecord>> claimed = new CompletableFuture<>();
            writer.claimFor(new OneWorker(task, claimed));
            writer.wantClaims();
            assertEquals(List.of(queued.id()), claimed.get(30, TimeUnit.SECONDS).stream().map(RunRecord::id).toList());
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, connection.getTransactionIsolation());
            writer.stop();
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM task_run WHERE task_name = ?")) {
                ps.setString(1, task);
                ps.executeUpdate();
            }
        }
    }

    /** One idle worker on a node that knows one task. */
    private record OneWorker(String task, CompletableFuture<List<RunRecord>> claimed) implements HistoryWriter.Claimer {
        @Override
        public int reserve() {
            return claimed.isDone() ? 0 : 1;
        }

        @Override
        public void release(int count) {}

        @Override
        public void claimed(List<RunRecord> runs, int reserved) {
            claimed.complete(runs);
        }

        @Override
        public String node() {
            return "writer-test";
        }

        @Override
        public java.util.Collection<String> tasks() {
            return List.of(task);
        }

        @Override
        public Instant now() {
            return Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
    }

    // Hands out one connection, kept open across the writer's transactions, so that what they leave on it shows.
    private static javax.sql.DataSource onlyThis(Connection connection) {
        Connection kept = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return kept;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * Keeps the writer busy: a transaction of its own holds an uncommitted run with an Idempotency-Key, and the
     * writer's insert of another run with that key waits on it (a unique index waits for the holder to end). What is
     * handed in meanwhile queues for the next batch; closing rolls the holder back and lets the writer go on.
     */
    private record Blocker(Connection holder) implements AutoCloseable {

        static Blocker busy(AgroalDataSource dataSource, HistoryWriter writer, String task) throws Exception {
            String key = "block-" + UUID.randomUUID();
            Connection holder = dataSource.getConnection();
            try {
                holder.setAutoCommit(false);
                RunTransitions.record(holder, List.of(new NewRun(queued(task, key), null)));
                long holderPid = pid(holder);
                CompletableFuture<Void> waiting = writer.record(queued(task, key), null);
                Awaitility.await("the writer waits on the holder's row").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(10)).until(() -> {
                            assertFalse(waiting.isDone(), "the writer's insert did not wait for the holder: " + waiting);
                            return blockedBy(dataSource, holderPid);
                        });
                return new Blocker(holder);
            } catch (Exception | AssertionError e) {
                holder.rollback();
                holder.close();
                throw e;
            }
        }

        @Override
        public void close() throws SQLException {
            holder.rollback();
            holder.close();
        }

        private static long pid(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        // Whether some session waits for the holder's transaction: the writer's, as nothing else inserts this key.
        private static boolean blockedBy(AgroalDataSource dataSource, long holderPid) throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
                ps.setLong(1, holderPid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        }
    }

    private boolean exists(RunRecord run) {
        try {
            return count(List.of(run)) == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(List<RunRecord> runs) throws SQLException {
        return scalar("SELECT count(*) FROM task_run WHERE id = ANY (?)", runs, null);
    }

    private long count(List<RunRecord> runs, RunStatus status) throws SQLException {
        return scalar("SELECT count(*) FROM task_run WHERE id = ANY (?) AND status = ?", runs, status);
    }

    /** How many transactions last wrote these rows: PostgreSQL's xmin names the transaction of a row's version. */
    private long transactions(List<RunRecord> runs) throws SQLException {
        return scalar("SELECT count(DISTINCT xmin::text) FROM task_run WHERE id = ANY (?)", runs, null);
    }

    private long scalar(String sql, List<RunRecord> runs, RunStatus status) throws SQLException {
        try (Connection c = postgres.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", runs.stream().map(RunRecord::id).toArray()));
            if (status != null) {
                ps.setString(2, status.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String task(String what) {
        return "writer-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RunRecord queued(String task, String idempotencyKey) {
        return new RunRecord(RunIds.next(Clock.systemUTC()), task, RunStatus.QUEUED, Trigger.API, "{}", false, null,
                null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null, null, "writer-test", "test", null,
                idempotencyKey, 1, null);
    }
}
