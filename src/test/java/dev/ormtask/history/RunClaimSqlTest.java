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
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claiming queued runs, on each database that can hold history: two claimers racing over the same queue never get the
 * same run, every claimable run is claimed once (also one a claimer queued itself), runs still in their backoff or of
 * tasks the claimer does not know are left alone, and no run starts before it was queued.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunClaimSqlTest {

    private static final int CLAIMABLE = 40;

    @Inject
    AgroalDataSource h2;

    // The service migrates its embedded H2 only when it holds history (HistoryStore); here history is on PostgreSQL
    // and the H2 serves as a database to run history's SQL on.
    @Inject
    Flyway h2Migrations;

    @BeforeEach
    void migrateH2() {
        h2Migrations.migrate();
    }

    @Inject
    @DataSource("postgres")
    AgroalDataSource postgres;

    @Inject
    // An Instance: without MariaDB the datasource is inactive, and a plain injection would stop every test's start.
    @DataSource("maria")
    Instance<AgroalDataSource> maria;

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
        TestDb.assumeMariaDb("RunClaimSqlTest");
        claimsEachRunOnce(maria.get());
    }

    private void claimsEachRunOnce(AgroalDataSource dataSource) throws Exception {
        HistoryJdbc jdbc = new HistoryJdbc(dataSource);
        RunHistory history = new RunHistory(jdbc, new HistoryWriter(jdbc));
        String task = "claim-" + UUID.randomUUID().toString().substring(0, 8);
        String unknownTask = task + "-unknown";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // Alive, only busy: on the service's own history store its recovery sweep must not take these runs over.
        for (String node : List.of("busy-node", "claimer-a", "claimer-b")) {
            new NodeHeartbeats(jdbc).beat(node, "test", now.plusSeconds(600), null);
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
        RunRecord queuedByA = queued(task, "claimer-a", now); // the queue is shared: a node claims its own runs too
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
                    for (List<RunRecord> batch = claim(jdbc, claimer, task, now, 3);
                            !batch.isEmpty(); batch = claim(jdbc, claimer, task, now, 3)) {
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
            byB.addAll(claim(jdbc, "claimer-b", task, now, CLAIMABLE));
            byA.addAll(claim(jdbc, "claimer-a", task, now, CLAIMABLE));

            List<String> all = new ArrayList<>();
            byA.forEach(r -> all.add(r.id()));
            byB.forEach(r -> all.add(r.id()));
            assertEquals(claimable.size(), all.size(), "claims in all (a: " + byA.size() + ", b: " + byB.size() + ")");
            assertEquals(claimable, new HashSet<>(all), "every claimable run claimed exactly once");
            for (RunRecord run : byA) {
                assertEquals(RunStatus.RUNNING, run.status(), "a claim returns the run as it now is");
                assertEquals("claimer-a", run.node());
                assertEquals(now, run.startedAt());
                assertEquals(run, history.find(run.id()).orElseThrow(), "and as history now holds it");
            }
            for (RunRecord run : byB) {
                assertEquals("claimer-b", history.find(run.id()).orElseThrow().node());
            }
            for (RunRecord left : List.of(inBackoff, otherVersionsTask)) {
                assertEquals(RunStatus.QUEUED, history.find(left.id()).orElseThrow().status(), left.taskName());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimNeverStartsARunBeforeItWasQueuedOnH2() throws Exception {
        neverStartsBeforeQueued(h2);
    }

    @Test
    void aClaimNeverStartsARunBeforeItWasQueuedOnPostgreSql() throws Exception {
        neverStartsBeforeQueued(postgres);
    }

    @Test
    void aClaimNeverStartsARunBeforeItWasQueuedOnMariaDb() throws Exception {
        TestDb.assumeMariaDb("RunClaimSqlTest.aClaimNeverStartsARunBeforeItWasQueuedOnMariaDb");
        neverStartsBeforeQueued(maria.get());
    }

    /**
     * A claim pass reads its clock before its statement; when the statement waited (the database was down, another
     * claimer held rows) or the queuing node's clock runs ahead, the run was queued after that reading. It starts
     * when it was queued, not before.
     */
    private void neverStartsBeforeQueued(AgroalDataSource dataSource) throws Exception {
        HistoryJdbc jdbc = new HistoryJdbc(dataSource);
        RunHistory history = new RunHistory(jdbc, new HistoryWriter(jdbc));
        String task = "early-" + UUID.randomUUID().toString().substring(0, 8);
        Instant claimedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        RunRecord later = queued(task, "fast-clock-node", claimedAt.plusMillis(1070));
        history.insert(later);
        List<RunRecord> claimed = claim(jdbc, "claimer", task, claimedAt.plusSeconds(5), 1);
        assertEquals(List.of(later.id()), claimed.stream().map(RunRecord::id).toList(), "its time is not before now");
        claimed = claim(jdbc, "claimer", task, claimedAt, 1);
        assertEquals(List.of(), claimed, "already claimed");

        RunRecord another = queued(task, "fast-clock-node", claimedAt.plusMillis(1070));
        history.insert(another);
        // Claimed with a clock that reads before the run was queued (but, as the backoff check needs, not before
        // its not_before, which is unset).
        RunRecord started = claim(jdbc, "claimer", task, claimedAt, 1).get(0);
        assertEquals(another.queuedAt(), started.startedAt(), "started when queued, not at the claimer's earlier time");
        assertEquals(another.queuedAt(), history.find(another.id()).orElseThrow().startedAt());
    }

    /**
     * Reads by status read the runs of that status, not the history: behind 20,000 finished runs of the same task a
     * claim and a page of queued runs pass over a handful of rows, also when PostgreSQL plans the statement once for
     * any parameters, as it does for a prepared statement after a few executions. With the status bound as a
     * parameter the claim's plan walked the primary key through every finished run (20,000 rows here; 15 ms a claim
     * at 40,000 runs in a benchmark), so async throughput fell as history grew.
     */
    @Test
    void readsByStatusPassOverTheHistoryOnPostgreSql() throws Exception {
        HistoryJdbc jdbc = new HistoryJdbc(postgres);
        String task = "deep-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<RunTransitions.NewRun> finished = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            finished.add(new RunTransitions.NewRun(new RunRecord(RunIds.next(java.time.Clock.systemUTC()), task,
                    RunStatus.SKIPPED, Trigger.API, "{}", false, null, null, null, now, null, now, "old-node", "test",
                    null, null, 1, null), null));
        }
        jdbc.inTransaction(c -> {
            RunTransitions.record(c, finished);
            return null;
        });
        RunHistory history = new RunHistory(jdbc, new HistoryWriter(jdbc));
        for (int i = 0; i < 5; i++) {
            history.insert(queued(task, "busy-node", now));
        }
        try {
            try (Connection c = postgres.getConnection(); Statement st = c.createStatement()) {
                st.execute("ANALYZE task_run");
            }
            // A node claims for every task it knows: more than one name in the IN list, as in production.
            String claim = explainGeneric(RunTransitions.claimSql(HistoryDialect.POSTGRESQL, 3, 3), "'" + task
                    + "', 'other-task', 'third-task', LOCALTIMESTAMP, 'RUNNING', 'probe-node', LOCALTIMESTAMP,"
                    + " LOCALTIMESTAMP, 'QUEUED'");
            Matcher claimedRows = Pattern.compile("\"Node Type\": \"ModifyTable\".*?\"Actual Rows\": (\\d+)",
                    Pattern.DOTALL).matcher(claim);
            assertTrue(claimedRows.find(), claim);
            assertEquals(3, Integer.parseInt(claimedRows.group(1)), "three queued runs claimed\n" + claim);
            assertTrue(passedOver(claim) < 100, "the claim read and passed over " + passedOver(claim) + " rows\n"
                    + claim);

            // The dashboard's filter on a status across tasks.
            String page = explainGeneric(RunHistory.pageQuery(null, RunStatus.QUEUED, null, null, 50).sql(), "");
            assertTrue(passedOver(page) < 100, "the page read and passed over " + passedOver(page) + " rows\n" + page);
        } finally { // 20,000 rows fewer for the tests after this one to read or purge
            jdbc.update("DELETE FROM task_run WHERE task_name = ?", ps -> ps.setString(1, task));
        }
    }

    /** The plan PostgreSQL makes of {@code sql} for any parameters, run with {@code args} and rolled back. */
    private String explainGeneric(String sql, String args) throws Exception {
        try (Connection c = postgres.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            st.execute("PREPARE by_status AS " + numbered(sql));
            String execute = "EXECUTE by_status" + (args.isEmpty() ? "" : "(" + args + ")");
            try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + execute)) {
                rs.next();
                return rs.getString(1);
            } finally {
                c.rollback();
                st.execute("DEALLOCATE by_status");
                c.setAutoCommit(true);
            }
        }
    }

    private static int passedOver(String plan) {
        int rows = 0;
        for (Matcher m = Pattern.compile("\"Rows Removed by Filter\": (\\d+)").matcher(plan); m.find(); ) {
            rows += Integer.parseInt(m.group(1));
        }
        return rows;
    }

    /** JDBC's placeholders as PostgreSQL's numbered ones, to PREPARE the statement as the driver does. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            out.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        return out.toString();
    }

    /** One claim pass as the history writer makes it: its own transaction, at read committed where that matters. */
    static List<RunRecord> claim(HistoryJdbc jdbc, String claimer, String task, Instant now, int max) {
        return jdbc.inTransaction(c -> {
            HistoryDialect dialect = jdbc.dialect(c);
            if (dialect.claimNeedsReadCommitted()) {
                c.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
            }
            return RunTransitions.claim(c, dialect, claimer, List.of(task), now, max);
        });
    }

    private static RunRecord queued(String task, String node, Instant at) {
        return new RunRecord(RunIds.next(java.time.Clock.systemUTC()), task, RunStatus.QUEUED, Trigger.API, "{}",
                false, null, null, null, at, null, null, node, "test", null, null, 1, null);
    }
}
