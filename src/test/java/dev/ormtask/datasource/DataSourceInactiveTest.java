package dev.ormtask.datasource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
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
}
