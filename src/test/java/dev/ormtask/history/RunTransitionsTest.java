package dev.ormtask.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunTransitions.NewRun;
import dev.ormtask.history.RunTransitions.Write;
import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lifecycle has one door to the database. Each {@link Write} is walked on PostgreSQL from every status a row can
 * be in: it changes a row only from the status it names, into statuses the lifecycle table allows. And no other
 * class of the service writes a run's status.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunTransitionsTest {

    // A new row (INSERT, REPLACE or MERGE), or the status column in the SET clause of an update of task_run (before
    // its WHERE), within one literal: the table also schema-qualified, quoted (\" in the source), aliased or joined,
    // the column also qualified, quoted or in a row-valued SET.
    private static final String TABLE = "(?:\\w+\\.)?(?:\\\\?\")?task_run\\b(?:\\\\?\")?";
    private static final Pattern STATUS_WRITE = Pattern.compile("(?:INSERT|REPLACE|MERGE)(?:\\s+INTO)?\\s+" + TABLE
            + "|UPDATE\\s+(?:ONLY\\s+)?" + TABLE + "(?:(?!\\bSET\\b)(?:\\\\\"|[^\";]))*?"
            + "\\bSET\\b(?:(?!\\bWHERE\\b)(?:\\\\\"|[^\"]))*?"
            + "(?:\\\\?\"status\\\\?\"|\\bstatus\\b)\\s*[=,)]", Pattern.CASE_INSENSITIVE);
    // RunTransitions' own: the insert (RECORD), the claim's two forms (per row, and one statement where the database
    // can), FINISH and CANCEL_QUEUED. A statement added there outside a Write changes this count.
    private static final int WRITES_IN_TRANSITIONS = 5;

    @Inject
    @DataSource("postgres")
    AgroalDataSource postgres;

    @ParameterizedTest
    @EnumSource(Write.class)
    void everyWriteMakesOnlyMovesTheLifecycleTableAllows(Write write) {
        assertTrue(write.allowedByTable(), write + " " + write.from + " -> " + write.to);
        for (RunStatus next : RunStatus.values()) {
            boolean allowed = write.to.contains(next);
            if (allowed) {
                write.check(next);
            } else {
                assertThrows(IllegalStateException.class, () -> write.check(next), write + " -> " + next);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void everyWriteChangesARowOnlyFromTheStatusItNames(Write write) throws Exception {
        HistoryJdbc jdbc = new HistoryJdbc(postgres);
        String task = "transitions-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (RunStatus before : EnumSet.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED, RunStatus.FAILED,
                RunStatus.SKIPPED)) {
            RunRecord row = row(task, before, now);
            insertAs(jdbc, row);
            boolean changed = switch (write) {
                case RECORD -> false; // a new row: covered below, an existing id is never written twice
                case CLAIM -> !jdbc.inTransaction(c -> RunTransitions.claim(c, jdbc.dialect(c), "claimer", List.of(task),
                        now, 10)).isEmpty();
                case FINISH -> {
                    RunRecord running = row.status() == RunStatus.RUNNING ? row : withStatus(row, RunStatus.RUNNING);
                    yield jdbc.inTransaction(c -> RunTransitions.finish(c, List.of(running.finished(RunStatus.SUCCEEDED,
                            null, null, null, now))))[0];
                }
                case CANCEL_QUEUED -> jdbc.inTransaction(c -> RunTransitions.cancelQueued(c, row.id(), "test", now));
            };
            assertEquals(write.from == before, changed, write + " from " + before);
            RunStatus after = new RunHistory(jdbc, null).find(row.id()).orElseThrow().status();
            if (changed) {
                assertTrue(write.to.contains(after) && before.canMoveTo(after), before + " -> " + after);
            } else {
                assertEquals(before, after, write + " left a " + before + " row alone");
            }
        }
        if (write == Write.RECORD) {
            for (RunStatus status : RunStatus.values()) {
                if (status.isInitial()) {
                    new NewRun(row(task, status, now), null);
                } else {
                    assertThrows(IllegalStateException.class, () -> new NewRun(row(task, status, now), null), status.name());
                }
            }
        }
    }

    @Test
    void aRunningRunEndsOnlyOnTheNodeThatRunsIt() {
        HistoryJdbc jdbc = new HistoryJdbc(postgres);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        RunRecord running = row("transitions-node", RunStatus.RUNNING, now);
        insertAs(jdbc, running);
        RunRecord elsewhere = new RunRecord(running.id(), running.taskName(), running.status(), running.trigger(),
                running.paramsJson(), false, null, null, null, running.queuedAt(), running.startedAt(), null,
                "another-node", "test", null, null, 1, null);
        assertEquals(false, jdbc.inTransaction(c -> RunTransitions.finish(c, List.of(elsewhere.finished(
                RunStatus.FAILED, null, null, RunError.of("x"), now))))[0], "a node that lost the run cannot end it");
        assertEquals(true, jdbc.inTransaction(c -> RunTransitions.finish(c, List.of(running.finished(
                RunStatus.SUCCEEDED, null, null, null, now))))[0]);
    }

    @Test
    void aKeyPassesToOneNewRunInItsCommitAndIsNeverOnNone() throws Exception {
        HistoryJdbc jdbc = new HistoryJdbc(postgres);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String key = "handover-" + UUID.randomUUID();
        RunRecord failed = keyed(row("transitions-key", RunStatus.QUEUED, now), key);
        RunRecord first = keyed(row("transitions-key", RunStatus.QUEUED, now), key);
        RunRecord second = keyed(row("transitions-key", RunStatus.QUEUED, now), key);
        jdbc.inTransaction(c -> {
            RunTransitions.record(c, List.of(new NewRun(failed, null)));
            return null;
        });
        jdbc.inTransaction(c -> {
            RunTransitions.record(c, List.of(new NewRun(first, null, failed.id())));
            // Until this commits, a start reading the key (on its own connection) still finds the run that had it.
            assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? AND idempotency_key = ?",
                    failed.id(), key));
            return null;
        });
        RuntimeException late = assertThrows(RuntimeException.class, () -> jdbc.inTransaction(c -> {
            RunTransitions.record(c, List.of(new NewRun(second, null, failed.id())));
            return null;
        }));
        assertTrue(HistoryDialect.isUniqueViolation(late), "refused as a taken key: " + late);
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE idempotency_key = ? AND id = ?",
                key, first.id()), "the key is on the run that took it");
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ?", second.id()));
    }

    @Test
    void noOtherClassWritesARunsStatus() throws IOException {
        java.util.Map<String, Integer> writers = new java.util.TreeMap<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source).replaceAll("\"\\s*\\+\\s*\"", "");
                int found = (int) STATUS_WRITE.matcher(text).results().count();
                if (found > 0) {
                    writers.put(source.getFileName().toString(), found);
                }
            }
        }
        assertEquals(java.util.Map.of("RunTransitions.java", WRITES_IN_TRANSITIONS), writers,
                "statements that write task_run.status, by class");
    }

    @Test
    void theScanFindsTheSpellingsOfAStatusWrite() {
        for (String sql : List.of("INSERT INTO task_run (id) VALUES (?)", "insert into public.task_run (id)",
                "UPDATE task_run SET status = ?", "UPDATE task_run t SET node = ?, t.status = ?",
                "UPDATE \"task_run\" AS r SET status='QUEUED'", "MERGE INTO task_run USING x",
                "REPLACE INTO task_run (id)", "UPDATE ONLY task_run SET status = ?",
                "UPDATE task_run SET (status, node) = (?, ?)", "UPDATE task_run SET \"status\" = ?",
                "UPDATE task_run r JOIN task_state s ON r.task_name = s.task_name SET r.status = ?",
                "UPDATE task_run SET \\\"status\\\" = ?")) { // the last as the scan reads it in a source file
            assertTrue(STATUS_WRITE.matcher(sql).find(), sql);
        }
        for (String sql : List.of("UPDATE task_run SET cancel_requested = ? WHERE id = ? AND status = ?",
                "INSERT INTO task_run_log (run_id)", "UPDATE task_state SET status = ?",
                "UPDATE task_run SET status_note = ? WHERE status = ?")) {
            assertFalse(STATUS_WRITE.matcher(sql).find(), sql);
        }
    }

    /** Puts a row in any status, as a database holds it, without going through the door under test. */
    private static void insertAs(HistoryJdbc jdbc, RunRecord row) {
        RunRecord queued = new RunRecord(row.id(), row.taskName(), RunStatus.QUEUED, row.trigger(), row.paramsJson(),
                false, null, null, null, row.queuedAt(), null, null, row.node(), row.requestedBy(), null, null, 1, null);
        jdbc.inTransaction(c -> {
            RunTransitions.record(c, List.of(new NewRun(queued, null)));
            return null;
        });
        jdbc.update("UPDATE task_run SET status = ?, started_at = queued_at WHERE id = ?", ps -> {
            ps.setString(1, row.status().name());
            ps.setString(2, row.id());
        });
    }

    private static RunRecord row(String task, RunStatus status, Instant at) {
        return new RunRecord(RunIds.next(Clock.systemUTC()), task, status, Trigger.API, "{}", false, null, null,
                status == RunStatus.FAILED ? RunError.of("x") : null, at,
                status == RunStatus.QUEUED || status == RunStatus.SKIPPED ? null : at,
                status.isTerminal() ? at : null, "node-a", "test", null, null, 1, null);
    }

    private static RunRecord keyed(RunRecord run, String key) {
        return new RunRecord(run.id(), run.taskName(), run.status(), run.trigger(), run.paramsJson(), false, null, null,
                null, run.queuedAt(), null, null, run.node(), run.requestedBy(), null, key, 1, null);
    }

    private static RunRecord withStatus(RunRecord run, RunStatus status) {
        return new RunRecord(run.id(), run.taskName(), status, run.trigger(), run.paramsJson(), false, null, null, null,
                run.queuedAt(), run.queuedAt(), null, run.node(), run.requestedBy(), null, null, 1, null);
    }
}
