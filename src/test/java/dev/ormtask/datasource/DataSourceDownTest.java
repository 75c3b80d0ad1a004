package dev.ormtask.datasource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.ormtask.testsupport.MariaDbOnAClosedPort;
import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A task datasource that does not answer takes out its own tasks, not the service. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(MariaDbOnAClosedPort.class)
class DataSourceDownTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void itsTasksAnswer503WhileOtherTasksRunAndTheServiceStaysReady() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/api/datasources?prefix=maria")
                .then().statusCode(200).extract().<Boolean>path("[0].up") == Boolean.FALSE);

        given().contentType(ContentType.JSON).body("{\"text\":\"never written\"}")
                .when().post("/api/tasks/maria-write/runs")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1") // the next probe (ormtask.datasource.probe-interval=1s here)
                .body("detail", containsString("datasource 'maria'"));

        given().contentType(ContentType.JSON).body("{\"label\":\"still-works\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED"));

        for (String path : new String[] {"/api/datasources", "/api/datasources?prefix=maria", "/q/health/ready"}) {
            String body = given().when().get(path).then().extract().asString();
            org.junit.jupiter.api.Assertions.assertFalse(body.contains(MariaDbOnAClosedPort.SECRET), path + " shows the password: " + body);
        }
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'datasources' }.data.maria", startsWith("down"))
                .body("checks.find { it.name == 'datasources' }.data.'postgres (history)'", equalTo("up"));
    }

    @Test
    void readinessDoesNotWaitForItsProbeAndNamesTheRealCauseOnceKnown() {
        // A probe of maria gives up after 3 s, well before its pool gives up on the refused connection (5 s): readiness
        // lists what the background probe last found instead of waiting, within a Kubernetes probe's default 1 s.
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            org.junit.jupiter.api.Assertions.assertTrue(millis < 1_000, "readiness took " + millis + " ms");
        }
        // Once the pool has given up, the cause is the refused connection, not "no answer within 3 s".
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().body("checks.find { it.name == 'datasources' }.data.maria", allOf(startsWith("down: "),
                        not(containsString("no answer")))));
        given().when().get("/api/datasources?prefix=maria")
                .then().statusCode(200)
                .body("[0].up", equalTo(false))
                .body("[0].detail", not(containsString("no answer")));
    }
}
