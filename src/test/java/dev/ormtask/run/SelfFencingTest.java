package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A node whose heartbeat has gone quiet for nearly {@code abandoned-after} may already be taken for dead, its runs
 * settled and retried elsewhere: from then on its runs roll back instead of committing. Here the heartbeat is written
 * at startup and then only hourly, with a 4 s limit: after about 2 s of silence, runs are refused.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(SelfFencingTest.QuietHeartbeat.class)
class SelfFencingTest {

    /** One heartbeat at startup, the next in an hour; taken for dead after 4 s. */
    public static class QuietHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ormtask.run.heartbeat-interval", "1h", "ormtask.run.abandoned-after", "4s");
        }
    }

    @Test
    void aNodeThatMayBeTakenForDeadRollsBackInsteadOfCommitting() throws Exception {
        AtomicReference<String> refusedLabel = new AtomicReference<>();
        AtomicReference<Response> refused = new AtomicReference<>();
        Awaitility.await("a run refused its commit").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String label = "fenced-" + UUID.randomUUID();
                    Response answer = given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                            .when().post("/api/tasks/write-row/runs");
                    if (answer.statusCode() == 200) {
                        return false; // the heartbeat is still recent enough
                    }
                    refusedLabel.set(label);
                    refused.set(answer);
                    return true;
                });
        Response answer = refused.get();
        assertEquals(500, answer.statusCode(), answer.asString());
        assertEquals("FAILED", answer.path("status"));
        assertTrue(answer.<String>path("error.message").startsWith("not committed: this node has not written its"
                + " heartbeat"), answer.asString());
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", refusedLabel.get()),
                "the run's work was rolled back");

        // A dry run never commits, so it is not refused.
        given().contentType(ContentType.JSON).body("{\"label\":\"fenced-dry\"}")
                .when().post("/api/tasks/write-row/runs?dryRun=true")
                .then().statusCode(200);

        // Rolled back for certain, so a task that allows retries gets its next attempts (each refused here too).
        String label = "fenced-retried-" + UUID.randomUUID();
        Response retried = given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                .when().post("/api/tasks/lock-nowait/runs?wait=60");
        assertEquals(500, retried.statusCode(), retried.asString());
        assertEquals(5, (int) retried.path("attempt"), "all of lock-nowait's 5 attempts: " + retried.asString());
        assertTrue(retried.<String>path("error.message").startsWith("not committed: this node has not written its"
                + " heartbeat"), retried.asString());
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
    }
}
