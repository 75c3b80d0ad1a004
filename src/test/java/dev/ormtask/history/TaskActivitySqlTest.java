package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code GET /api/tasks} and the dashboard's header read, on each database that can hold history: every task's
 * newest runs, paused flags and 24 h counts in three statements whatever the number of tasks; the hourly counts add
 * up across flushes; progress and log lines written and trimmed in one transaction.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class TaskActivitySqlTest {

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
    void onH2() {
        readsEverythingInThreeStatements(h2);
        journalWritesAndTrims(h2);
    }

    @Test
    void onPostgreSql() {
        readsEverythingInThreeStatements(postgres);
        journalWritesAndTrims(postgres);
    }

    @Test
    void onMariaDb() {
        TestDb.assumeMariaDb("TaskActivitySqlTest");
        readsEverythingInThreeStatements(maria.get());
        journalWritesAndTrims(maria.get());
    }

    private void readsEverythingInThreeStatements(AgroalDataSource dataSource) {
        Clock clock = Clock.systemUTC();
        HistoryJdbc jdbc = new HistoryJdbc(dataSource);
        String prefix = "act-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tasks.add(prefix + "-" + i);
        }
        List<String> busy = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 0; i < 25; i++) {
            busy.add(insertFinished(jdbc, tasks.get(0), i % 5 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, now,
                    100 + i));
        }
        insertFinished(jdbc, tasks.get(1), RunStatus.SUCCEEDED, now, 7);

        RunCounts counts = RunCounts.on(dataSource, clock);
        counts.ended(tasks.get(0), RunStatus.SUCCEEDED, now, 100L);
        counts.ended(tasks.get(0), RunStatus.FAILED, now, 300L);
        counts.flush();
        counts.ended(tasks.get(0), RunStatus.SUCCEEDED, now, 200L); // the second flush adds to the same hour's row
        counts.ended(tasks.get(0), RunStatus.SKIPPED, now, null);
        counts.flush();

        for (List<String> asked : List.of(tasks, tasks.subList(0, 2))) {
            CountingDataSource counting = new CountingDataSource(dataSource);
            Map<String, TaskActivity.Summary> found = TaskActivity.on(counting, clock).of(asked, 20, now);
            assertEquals(3, counting.connections.get(), "three statements for " + asked.size() + " tasks");
            TaskActivity.Summary first = found.get(tasks.get(0));
            List<String> newest = new ArrayList<>(busy.subList(5, 25));
            Collections.reverse(newest);
            assertEquals(newest, first.recent().stream().map(RunBrief::id).toList(), "its 20 newest, newest first");
            assertEquals(124 * 1000L, first.recent().get(0).durationMs());
            assertEquals(2L, first.last24h().byStatus().get(RunStatus.SUCCEEDED));
            assertEquals(1L, first.last24h().byStatus().get(RunStatus.FAILED));
            assertEquals(1L, first.last24h().byStatus().get(RunStatus.SKIPPED));
            assertEquals(200L, first.last24h().meanDurationMs(), "(100 + 300 + 200) / 3; the skipped run never ran");
            assertEquals(1, found.get(tasks.get(1)).recent().size());
            assertNull(found.get(tasks.get(1)).last24h());
            if (asked.size() > 2) {
                assertTrue(found.get(tasks.get(29)).recent().isEmpty());
            }
        }
        assertTrue(counts.byStatus(RunCounts.dayStart(now)).get(RunStatus.SUCCEEDED) >= 2);
        assertTrue(counts.unfinished().containsKey(RunStatus.RUNNING));
    }

    private void journalWritesAndTrims(AgroalDataSource dataSource) {
        RunJournalStore store = RunJournalStore.on(dataSource);
        String run = UUID.randomUUID().toString();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<RunJournalStore.LineWrite> lines = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            lines.add(new RunJournalStore.LineWrite(run, seq, at, "INFO", "line " + seq + " ✓"));
        }
        store.write(List.of(new RunJournalStore.ProgressWrite(run, 1, 5L, "first", at)), lines, List.of());
        store.write(List.of(new RunJournalStore.ProgressWrite(run, 5, null, "second", at)), List.of(),
                List.of(new RunJournalStore.Trim(run, 2)));
        RunProgress progress = store.progress(run).orElseThrow();
        assertEquals(5, progress.done());
        assertNull(progress.total());
        assertEquals("second", progress.message());
        assertEquals(2, progress.writes());
        assertEquals(at, progress.updatedAt());
        RunJournalStore.LogPage page = store.log(run, 0, 10);
        assertEquals(2, page.droppedLines());
        assertEquals(List.of("line 3 ✓", "line 4 ✓", "line 5 ✓"), page.lines().stream().map(RunLogLine::message).toList());
        assertEquals(List.of(5), store.log(run, 4, 10).lines().stream().map(RunLogLine::seq).toList());
        store.delete(List.of(run));
        assertTrue(store.progress(run).isEmpty());
        assertTrue(store.log(run, 0, 10).lines().isEmpty());
    }

    /** A finished run as history holds it (written by SQL: the engine only ever inserts new runs). */
    private static String insertFinished(HistoryJdbc jdbc, String task, RunStatus status, Instant now, long seconds) {
        String id = RunIds.next(Clock.systemUTC());
        Instant started = now.minusSeconds(3600);
        jdbc.update("INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, queued_at, started_at,"
                + " finished_at, duration_ms, node, requested_by, attempt) VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, 1)",
                ps -> {
                    ps.setString(1, id);
                    ps.setString(2, task);
                    ps.setString(3, status.name());
                    ps.setString(4, Trigger.API.name());
                    ps.setBoolean(5, false);
                    HistoryJdbc.setTime(ps, 6, started);
                    HistoryJdbc.setTime(ps, 7, started);
                    HistoryJdbc.setTime(ps, 8, started.plusSeconds(seconds));
                    ps.setLong(9, seconds * 1000);
                    ps.setString(10, "node-a");
                    ps.setString(11, "test");
                });
        return id;
    }

    /** A datasource that counts the connections taken from it: one per statement, the way history reads. */
    private static final class CountingDataSource implements javax.sql.DataSource {

        private final javax.sql.DataSource delegate;
        final AtomicInteger connections = new AtomicInteger();

        CountingDataSource(javax.sql.DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            connections.incrementAndGet();
            return delegate.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return delegate.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return delegate.isWrapperFor(type);
        }
    }
}
