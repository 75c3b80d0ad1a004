package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with one worker and a cluster-wide queue of one: the second run waits in the queue (a QUEUED row), the third
 * is refused with 503 and Retry-After.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(CapacityTest.OneWorker.class)
class CapacityTest {

    /** One worker, one queued run at most. */
    public static class OneWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ormtask.run.workers", "1", "ormtask.run.max-queued", "1", "ormtask.run.retry-after", "7s");
        }
    }

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void queuesThenRefusesWith503AndRetryAfter() throws Exception {
        String first = "cap-1-" + UUID.randomUUID();
        String second = "cap-2-" + UUID.randomUUID();
        String running = start(first).then().statusCode(202)
                .header("Location", containsString("/api/runs/")).body("status", equalTo("RUNNING"))
                .extract().path("id");
        assertTrue(GatedTask.awaitEntered(first, 30), "the first run reached its gate");
        String queued = start(second).then().statusCode(202).body("status", equalTo("QUEUED")).extract().path("id");

        String refusedLabel = "refused-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"label\":\"" + refusedLabel + "\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7")
                .body("detail", containsString(
                        "1 run is queued across the cluster, at the limit of 1 (ormtask.run.max-queued)"));
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE params LIKE ?", "%" + refusedLabel + "%"),
                "a refused start writes nothing");

        // Reads do not need a worker: they answer while every worker is busy.
        given().when().get("/api/tasks").then().statusCode(200);
        given().when().get("/api/runs/" + queued).then().statusCode(200).body("status", equalTo("QUEUED"));

        GatedTask.open(first);
        GatedTask.open(second);
        for (String id : new String[] {running, queued}) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    "SUCCEEDED".equals(given().when().get("/api/runs/" + id).then().extract().path("status")));
        }
        String queuedAt = given().when().get("/api/runs/" + queued).then().extract().path("queuedAt");
        String startedAt = given().when().get("/api/runs/" + queued).then().extract().path("startedAt");
        assertTrue(Instant.parse(startedAt).isAfter(Instant.parse(queuedAt)), "the queued run started after it was queued");

        given().contentType(ContentType.JSON).body("{\"label\":\"" + refusedLabel + "\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200);
    }

    @Test
    void cancelsAQueuedRunAtOnceAndItNeverStarts() throws Exception {
        String first = "capc-1-" + UUID.randomUUID();
        String second = "capc-2-" + UUID.randomUUID();
        String running = start(first).then().statusCode(202).extract().path("id");
        assertTrue(GatedTask.awaitEntered(first, 30));
        String queued = start(second).then().statusCode(202).body("status", equalTo("QUEUED")).extract().path("id");

        given().when().post("/api/runs/" + queued + "/cancel")
                .then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("startedAt", equalTo(null));

        GatedTask.open(first);
        GatedTask.open(second);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                "SUCCEEDED".equals(given().when().get("/api/runs/" + running).then().extract().path("status")));
        // The worker that reaches the cancelled run skips it: it stays CANCELLED and wrote nothing.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                given().when().get("/api/runs?task=gated&status=QUEUED").then().extract().jsonPath().getList("runs").isEmpty());
        given().when().get("/api/runs/" + queued).then().body("status", equalTo("CANCELLED"));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", queued));
    }

    private static io.restassured.response.Response start(String gate) {
        return given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                .when().post("/api/tasks/gated/runs?wait=0");
    }
}
