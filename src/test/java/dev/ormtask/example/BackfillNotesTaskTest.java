package dev.ormtask.example;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The example batch job as an operator sees it: its notes committed together, its progress and one log line per batch
 * while it runs, nothing left by a cancel (even in a long pause) or a dry run, and a count or batch out of its declared
 * range refused before a run is recorded.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class BackfillNotesTaskTest {

    @Test
    void writesItsNotesInBatchesAndSaysHowFarItGot() throws Exception {
        JsonPath run = given().contentType(ContentType.JSON).body("{\"count\": 25, \"batchSize\": 10, \"pauseMillis\": 0}")
                .when().post("/api/tasks/backfill-notes/runs")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED")).body("result.written", equalTo(25))
                .extract().jsonPath();
        String id = run.getString("id");
        assertEquals(25, notes(id));
        given().when().get("/api/runs/" + id).then().statusCode(200)
                .body("progress.done", equalTo(25)).body("progress.total", equalTo(25))
                .body("progress.message", equalTo("25 of 25 notes"));
        given().when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .body("lines.message", equalTo(List.of("Wrote notes 1 to 10", "Wrote notes 11 to 20",
                        "Wrote notes 21 to 25")))
                .body("complete", equalTo(true));
    }

    @Test
    void whileItRunsItsProgressMovesAndACancelLeavesNoNote() throws Exception {
        String id = given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"count\": 1000, \"batchSize\": 5, \"pauseMillis\": 100}")
                .when().post("/api/tasks/backfill-notes/runs")
                .then().statusCode(202).extract().path("id");
        // Two reports seen while it runs, the second further on: what the dashboard's progress bar shows.
        int first = awaitProgressAbove(id, 0);
        int later = awaitProgressAbove(id, first);
        assertTrue(later > first && later < 1000, first + " then " + later);
        given().when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .body("lines[0].message", equalTo("Wrote notes 1 to 5")).body("complete", equalTo(false));
        given().when().post("/api/runs/" + id + "/cancel").then().statusCode(202);
        given().queryParam("wait", 30).when().get("/api/runs/" + id).then()
                .body("status", equalTo("CANCELLED"));
        assertEquals(0, notes(id), "the batches it had flushed were rolled back with the run");
    }

    @Test
    void aDryRunCountsTheNotesAndKeepsNone() throws Exception {
        String id = given().contentType(ContentType.JSON).queryParam("dryRun", true)
                .body("{\"count\": 12, \"batchSize\": 5, \"pauseMillis\": 0}")
                .when().post("/api/tasks/backfill-notes/runs")
                .then().statusCode(200).body("dryRun", equalTo(true)).body("result.written", equalTo(12))
                .body("changes.inserted", equalTo(12))
                .extract().path("id");
        assertEquals(0, notes(id));
    }

    @Test
    void aCountOrBatchOutOfRangeIsRefusedBeforeARunIsRecorded() {
        given().contentType(ContentType.JSON).body("{\"count\": 0}")
                .when().post("/api/tasks/backfill-notes/runs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("parameter 'count' must be from 1 to 1000000, not 0"));
        // A whole batch stays in the session until its flush: an unbounded one ran a 64 MB heap out of memory.
        given().contentType(ContentType.JSON).body("{\"batchSize\": 5000, \"pauseMillis\": -1}")
                .when().post("/api/tasks/backfill-notes/runs")
                .then().statusCode(400)
                .body("detail", containsString("parameter 'batchSize' must be from 1 to 1000, not 5000"))
                .body("detail", containsString("parameter 'pauseMillis' must be from 0 to 60000, not -1"));
        given().when().get("/api/tasks").then().statusCode(200)
                .body("find { it.name == 'backfill-notes' }.parameters.find { it.name == 'count' }.min", equalTo(1))
                .body("find { it.name == 'backfill-notes' }.parameters.find { it.name == 'count' }.max",
                        equalTo(1_000_000));
    }

    @Test
    void aCancelEndsALongPauseAtOnce() throws Exception {
        // One batch, then a minute's pause that the cancel ends (here on PostgreSQL, by the interrupt; on H2, which is
        // not interrupted, by the stop itself: RunControlTest).
        String id = given().contentType(ContentType.JSON).header("Prefer", "respond-async")
                .body("{\"count\": 2, \"batchSize\": 1, \"pauseMillis\": 60000}")
                .when().post("/api/tasks/backfill-notes/runs")
                .then().statusCode(202).extract().path("id");
        awaitProgressAbove(id, 0);
        given().when().post("/api/runs/" + id + "/cancel").then().statusCode(202);
        // Ended within the wait's 30 s, half the pause (the old Thread.sleep waited it out: still RUNNING here).
        given().queryParam("wait", 30).when().get("/api/runs/" + id).then()
                .body("status", equalTo("CANCELLED"));
        assertEquals(0, notes(id));
    }

    private static long notes(String runId) throws Exception {
        return TestDb.scalar("app", "SELECT count(*) FROM demo_note WHERE note_text LIKE ?",
                "backfilled by run " + runId + ",%");
    }

    private static int awaitProgressAbove(String id, int done) {
        int[] seen = new int[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Integer now = given().when().get("/api/runs/" + id).then().statusCode(200).extract().path("progress.done");
            seen[0] = now == null ? 0 : now;
            return seen[0] > done;
        });
        return seen[0];
    }
}
