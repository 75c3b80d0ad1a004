package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Parameter count and length limits: a clear 400, nothing written. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class ApiLimitsTest {

    @Test
    void refusesAStringParameterOverTheLengthLimit() throws Exception {
        String marker = UUID.randomUUID().toString();
        String label = marker + "x".repeat(4097 - marker.length());
        given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("parameter 'label' is longer than 4096 characters"));
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE params LIKE ?", "%" + marker + "%"));
    }

    @Test
    void refusesMoreParametersThanTheLimit() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 65; i++) {
            body.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
        }
        given().contentType(ContentType.JSON).body(body.append('}').toString())
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("65 parameters; the limit is 64"));
    }
}
