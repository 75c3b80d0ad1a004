package dev.ormtask.datasource;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.ormtask.history.RunIds;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A task datasource that is not active (switched off, as the embedded default is while history is elsewhere): its
 * tasks are refused at once, without an invitation to retry, and it is listed as inactive, not down.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(DataSourceInactiveTest.MariaDbSwitchedOff.class)
class DataSourceInactiveTest {

    /** The "maria" datasource, its persistence unit and its Flyway switched off. */
    public static class MariaDbSwitchedOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.\"maria\".active", "false",
                    "quarkus.hibernate-orm.\"maria\".active", "false",
                    "quarkus.flyway.\"maria\".active", "false");
        }
    }

    @Test
    void itsTasksAre503WithoutRetryAfterAndItIsListedInactive() {
        given().contentType(ContentType.JSON).body("{\"text\":\"never written\"}")
                .when().post("/api/tasks/maria-write/runs")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", nullValue())
                .body("detail", containsString("datasource 'maria' of task 'maria-write' is not active"));
        given().when().get("/api/runs?task=maria-write")
                .then().statusCode(200).body("runs.size()", equalTo(0));

        given().when().get("/api/datasources?prefix=maria")
                .then().statusCode(200)
                .body("[0].active", equalTo(false))
                .body("[0].up", equalTo(false));
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'datasources' }.data.maria", startsWith("inactive: "));
        given().when().get("/api/overview")
                .then().statusCode(200).body("datasourcesDown.size()", equalTo(0));
    }

    @Test
    void aQueuedRunOfItsTaskIsLeftForANodeWhereItIsActive() throws Exception {
        // Queued as a replica with "maria" active would have queued it; then a run of a task this node can execute.
        String elsewhere = RunIds.next(Clock.systemUTC());
        String here = RunIds.next(Clock.systemUTC());
        String label = "after-" + UUID.randomUUID();
        try {
            TestDb.queueRun(elsewhere, "maria-write", "{\"text\":\"for a node with maria\"}");
            TestDb.queueRun(here, "write-row", "{\"label\":\"" + label + "\"}");
            await("the later run claimed and executed here").atMost(Duration.ofSeconds(30))
                    .until(() -> "SUCCEEDED".equals(TestDb.runStatus(here)));
            // Claims take the oldest queued runs first: had this node counted maria-write among its tasks, it would
            // have claimed it with or before the later run, and failed it for want of a pool.
            assertEquals("QUEUED", TestDb.runStatus(elsewhere));
        } finally {
            TestDb.update("postgres", "DELETE FROM task_run WHERE id = ?", elsewhere);
        }
    }
}
