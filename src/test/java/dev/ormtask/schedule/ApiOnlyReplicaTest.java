package dev.ormtask.schedule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A replica with scheduling switched off never fires, but still serves the API. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(ApiOnlyReplicaTest.ApiOnly.class)
class ApiOnlyReplicaTest {

    /** tick has a per-second cron, but this replica does not schedule. */
    public static class ApiOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ormtask.tasks.\"tick\".cron", "* * * * * ?", "ormtask.schedule.enabled", "false");
        }
    }

    @Test
    void neverFiresButStillStartsRunsOverTheApi() {
        given().when().get("/api/tasks/tick")
                .then().statusCode(200).body("schedule.firesOnThisReplica", equalTo(false));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> TestDb.scalar(
                "postgres", "SELECT count(*) FROM task_run WHERE task_name = 'tick' AND trigger_type = 'SCHEDULE'") == 0);
        given().when().post("/api/tasks/tick/runs").then().statusCode(200).body("trigger", equalTo("API"));
    }
}
