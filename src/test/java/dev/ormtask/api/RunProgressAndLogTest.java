package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.StepTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a task reports about itself: {@code ctx.progress()} (throttled, outside the transaction, so a rollback keeps
 * it) and {@code ctx.log()} lines (kept with the run, bounded, cut and counted when over the bounds), as
 * {@code GET /api/runs/{id}} and {@code GET /api/runs/{id}/log} serve them, checked against the tables too.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunProgressAndLogTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void progressIsWrittenAtMostOncePerSecondHoweverOftenTheTaskReports() throws Exception {
        JsonPath run = given().contentType(ContentType.JSON).body("{\"progressMillis\": 2500}")
                .when().post("/api/tasks/chatty/runs")
                .then().statusCode(200).extract().jsonPath();
        long calls = run.getLong("result.calls");
        long durationMs = run.getLong("durationMs");
        String id = run.getString("id");
        assertTrue(calls > 1_000, "the task reported often: " + calls);
        long writes = TestDb.scalar("postgres", "SELECT write_count FROM run_progress WHERE run_id = ?", id);
        // One write per started second at most, and one more for the report left when the run ended.
        assertTrue(writes >= 2 && writes <= durationMs / 1000 + 2,
                calls + " reports in " + durationMs + " ms were written " + writes + " times");
        given().when().get("/api/runs/" + id).then().statusCode(200)
                .body("progress.done", equalTo((int) calls))
                .body("progress.total", equalTo((int) calls))
                .body("progress.message", equalTo("done after " + calls + " calls"))
                .body("progress.updatedAt", notNullValue())
                .body("progress.estimatedFinishAt", nullValue());
    }

    @Test
    void aRollbackKeepsTheLastProgressAndTheLog() throws Exception {
        JsonPath run = given().contentType(ContentType.JSON).body("{\"progressMillis\": 300, \"lines\": 3, \"fail\": true}")
                .when().post("/api/tasks/chatty/runs")
                .then().statusCode(500).body("status", equalTo("FAILED")).extract().jsonPath();
        String id = run.getString("id");
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id),
                "the task's own write was rolled back");
        JsonPath shown = given().when().get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
        long done = shown.getLong("progress.done");
        assertTrue(done > 0, "the progress reported before the failure is kept: " + shown.prettify());
        assertEquals("done after " + done + " calls", shown.getString("progress.message"));
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM run_progress WHERE run_id = ? AND done_count = ?",
                id, done), "in the table, after the rollback");
        given().when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .body("lines.message", equalTo(List.of("line 00001 ", "line 00002 ", "line 00003 ")))
                .body("complete", equalTo(true));
    }

    @Test
    void theLogKeepsTheNewestLinesAndCountsTheDroppedOnes() {
        String id = given().contentType(ContentType.JSON).body("{\"lines\": 600}")
                .when().post("/api/tasks/chatty/runs")
                .then().statusCode(200).extract().path("id");
        JsonPath log = given().when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("runId", equalTo(id))
                .body("lines", hasSize(500))
                .body("droppedLines", equalTo(100))
                .body("complete", equalTo(true))
                .body("nextAfter", equalTo(600))
                .extract().jsonPath();
        assertEquals(101, log.getInt("lines[0].seq"));
        assertEquals("line 00101 ", log.getString("lines[0].message"));
        assertEquals("line 00600 ", log.getString("lines[499].message"));
        assertEquals("INFO", log.getString("lines[0].level"));
        given().queryParam("after", 590).when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .body("lines.seq", equalTo(List.of(591, 592, 593, 594, 595, 596, 597, 598, 599, 600)));
        given().queryParam("after", 100).queryParam("limit", 2).when().get("/api/runs/" + id + "/log")
                .then().statusCode(200).body("lines.seq", equalTo(List.of(101, 102))).body("nextAfter", equalTo(102))
                // the run has ended, but lines are left after this page: a poller that stops at complete gets them
                .body("complete", equalTo(false));
        given().queryParam("after", 598).queryParam("limit", 2).when().get("/api/runs/" + id + "/log")
                .then().statusCode(200).body("lines.seq", equalTo(List.of(599, 600))).body("complete", equalTo(true));
    }

    @Test
    void aLongLineIsCutAndTheCutIsMarked() {
        String id = given().contentType(ContentType.JSON).body("{\"lines\": 1, \"lineLength\": 5000}")
                .when().post("/api/tasks/chatty/runs")
                .then().statusCode(200).extract().path("id");
        String line = given().when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .extract().path("lines[0].message");
        assertEquals(2000, line.length());
        assertTrue(line.startsWith("line 00001 xxx") && line.endsWith("[cut: 3001 more characters]"),
                "a line of 5001 characters: " + line.substring(0, 20) + "…" + line.substring(1960));
    }

    @Test
    void progressAndLogLinesShowWhileTheRunGoesOn() {
        String gate = "progress-live-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\", \"steps\": 4}")
                .when().post("/api/tasks/steps/runs?wait=0")
                .then().statusCode(202).extract().path("id");
        try {
            for (int step = 1; step <= 2; step++) {
                StepTask.advance(gate);
                int expected = step;
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(expected).equals(
                        given().when().get("/api/runs/" + id).then().extract().path("progress.done")));
            }
            given().when().get("/api/runs/" + id).then()
                    .body("status", equalTo("RUNNING"))
                    .body("progress.total", equalTo(4))
                    .body("progress.message", equalTo("step 2 of 4"))
                    .body("progress.estimatedFinishAt", notNullValue());
            given().when().get("/api/runs?task=steps&status=RUNNING").then()
                    .body("runs.find { it.id == '" + id + "' }.progress.done", equalTo(2));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().when().get("/api/runs/" + id + "/log")
                    .then().extract().jsonPath().getList("lines.message").size() == 2);
            given().when().get("/api/runs/" + id + "/log").then()
                    .body("lines.message", equalTo(List.of("step 1 of 4 done", "step 2 of 4 done")))
                    .body("complete", equalTo(false));
        } finally {
            StepTask.finish(gate);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCEEDED".equals(
                given().when().get("/api/runs/" + id).then().extract().path("status")));
        given().when().get("/api/runs/" + id + "/log").then().body("lines", hasSize(4)).body("complete", equalTo(true));
    }

    @Test
    void aLogOfAnUnknownRunIsA404AndBadArgumentsA400() {
        given().when().get("/api/runs/01890a5d-ac96-774b-bcce-b302099a8057/log").then().statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("after", "-1").when().get("/api/runs/01890a5d-ac96-774b-bcce-b302099a8057/log")
                .then().statusCode(400).body("detail", containsString("after"));
        given().queryParam("limit", "100000").when().get("/api/runs/01890a5d-ac96-774b-bcce-b302099a8057/log")
                .then().statusCode(400).body("detail", containsString("limit"));
    }
}
