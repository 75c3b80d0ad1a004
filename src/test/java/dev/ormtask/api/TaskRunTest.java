package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One run, end to end: commit, rollback, timeout, results and errors, as the API and the databases show them. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class TaskRunTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void commitsWhenTaskReturns() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"label\":\"commit\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("task", equalTo("write-row"))
                .body("trigger", equalTo("API"))
                .body("params.label", equalTo("commit"))
                .body("error", nullValue())
                .extract().path("id");
        // The task's own row, read through a connection of our own: committed, not just visible to the service.
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
        given().when().get("/api/runs/" + id)
                .then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("result.written", equalTo(id))
                .body("durationMs", notNullValue())
                .body("finishedAt", notNullValue());
    }

    @Test
    void rollsBackWhenTaskThrows() throws Exception {
        long notesBefore = TestDb.scalar("app", "SELECT count(*) FROM demo_note");
        String id = given().when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500)
                .contentType(ContentType.JSON)
                .body("status", equalTo("FAILED"))
                .body("error.exceptionClass", equalTo("java.lang.IllegalStateException"))
                .body("error.message", containsString("failing on purpose"))
                .extract().path("id");
        assertEquals(notesBefore, TestDb.scalar("app", "SELECT count(*) FROM demo_note"));
        // The history row survived the task's rollback and keeps the stack excerpt for operators.
        assertEquals(1, TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE id = ? AND status = 'FAILED' AND error_stack LIKE '%FailOnPurposeTask%'", id));
    }

    @Test
    void rollsBackOnCheckedException() throws Exception {
        String id = given().when().post("/api/tasks/write-then-throw-checked/runs")
                .then().statusCode(500)
                .body("status", equalTo("FAILED"))
                .body("error.exceptionClass", containsString("CheckedFailure"))
                .extract().path("id");
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
    }

    @Test
    void timeoutRollsBackAndCancelsTheStatementOnTheServer() throws Exception {
        String id = given().when().post("/api/tasks/pg-sleep/runs")
                .then().statusCode(500)
                .body("status", equalTo("TIMED_OUT"))
                .body("error.message", containsString("timed out after 1s"))
                // pg_sleep(60) was asked for: only a server-side cancel ends the run this soon.
                .body("durationMs", lessThan(15_000))
                .extract().path("id");
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
        assertEquals(0, TestDb.scalar("app",
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg-sleep-marker%' AND state = 'active'"
                        + " AND pid <> pg_backend_pid()"));
    }

    @Test
    void recordsResultAndCapsLargeOnes() {
        given().contentType(ContentType.JSON).body("{\"size\":5}")
                .when().post("/api/tasks/result/runs")
                .then().statusCode(200)
                .body("result", equalTo("xxxxx"));
        given().contentType(ContentType.JSON).body("{\"size\":100000}")
                .when().post("/api/tasks/result/runs")
                .then().statusCode(200)
                .body("result.truncated", equalTo(true))
                .body("result.bytes", equalTo(100002))
                .body("result.limitBytes", equalTo(65536));
    }

    @Test
    void failsAndRollsBackWhenResultIsNotJson() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"unserialisable\":true}")
                .when().post("/api/tasks/result/runs")
                .then().statusCode(500)
                .body("status", equalTo("FAILED"))
                .body("error.message", containsString("Opaque"))
                .extract().path("id");
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
    }
}
