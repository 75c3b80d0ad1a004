package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A cancel that reaches a run after its task returned, while its transaction commits: the run ends as its task
 * decided, and the cancel says so (409, the run's end) instead of 202 "under way" for a run that then SUCCEEDED.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class CancelTooLateTest {

    // The commit of the run's insert waits on this advisory lock, which the test holds: a deferred trigger runs at
    // commit, after the task returned and the run's control was disarmed.
    private static final long LOCK = 4_242_001;

    @Inject
    RunService runs;

    @Inject
    RunHandles handles;

    @Inject
    RunHistory history;

    @Test
    void aCancelThatCameAfterTheTaskReturnedIsA409NamingTheRunsEnd() throws Exception {
        String label = "cancel-too-late-" + UUID.randomUUID();
        TestDb.execute("app", "CREATE OR REPLACE FUNCTION cancel_too_late_wait() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.label = '" + label + "' THEN PERFORM pg_advisory_xact_lock(" + LOCK + "); END IF;"
                + " RETURN NULL; END $$");
        TestDb.execute("app", "CREATE CONSTRAINT TRIGGER cancel_too_late AFTER INSERT ON test_write"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cancel_too_late_wait()");
        try (Connection holder = TestDb.connect("app"); Statement lock = holder.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            String id;
            CompletableFuture<Response> cancel;
            try {
                id = runs.start(RunRequest.manual("write-row", new ObjectMapper().createObjectNode().put("label", label),
                        false, Trigger.API, "test", null), false).current().id();
                Awaitility.await("the run's commit waits on the lock").atMost(Duration.ofSeconds(30)).until(() ->
                        TestDb.scalar("app", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                                + " AND classid = 0 AND objid = " + LOCK) == 1);
                assertEquals(RunStatus.RUNNING, history.find(id).orElseThrow().status());

                String runId = id;
                cancel = CompletableFuture.supplyAsync(() -> given().when().post("/api/runs/" + runId + "/cancel")
                        .then().extract().response());
                // The cancel found the run past its point of no return and waits for its end.
                Awaitility.await("the cancel waits for the run's end").atMost(Duration.ofSeconds(10))
                        .until(() -> handles.find(runId) != null || cancel.isDone());
            } finally {
                lock.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            }
            Response answer = cancel.get(30, TimeUnit.SECONDS);
            assertEquals(409, answer.statusCode(), answer.asString());
            given().when().get("/api/runs/" + id).then().statusCode(200)
                    .body(containsString("\"status\":\"SUCCEEDED\""));
            assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                    "the run committed what its task wrote");
            answer.then().body(containsString("has already ended (SUCCEEDED)"));
        } finally {
            TestDb.execute("app", "DROP TRIGGER IF EXISTS cancel_too_late ON test_write");
        }
    }
}
