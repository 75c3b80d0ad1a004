package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Abuse, row by row: each a clear 4xx problem+json, never a 5xx, nothing written, the service still up. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class BadInputTest {

    private static final String START = "/api/tasks/write-row/runs";

    static Stream<Arguments> abuse() {
        return Stream.of(
                Arguments.of("malformed JSON", "POST", START, "{\"label\":", Map.of(), 400),
                Arguments.of("JSON array", "POST", START, "[1, 2, 3]", Map.of(), 400),
                Arguments.of("JSON string", "POST", START, "\"label\"", Map.of(), 400),
                Arguments.of("huge body", "POST", START, "{\"label\":\"" + "x".repeat(70_000) + "\"}", Map.of(), 413),
                Arguments.of("deeply nested JSON", "POST", START, "[".repeat(5000) + "]".repeat(5000), Map.of(), 400),
                Arguments.of("wrong parameter type", "POST", START, "{\"label\": 5}", Map.of(), 400),
                Arguments.of("null required parameter", "POST", START, "{\"label\": null}", Map.of(), 400),
                Arguments.of("unknown parameter", "POST", START, "{\"label\":\"x\",\"drop\":\"table\"}", Map.of(), 400),
                Arguments.of("path traversal", "POST", "/api/tasks/..%2F..%2Fetc%2Fpasswd/runs", "{}", Map.of(), 404),
                Arguments.of("dot-dot name (normalised to POST /api/runs)", "POST", "/api/tasks/../runs", "{}", Map.of(), 405),
                Arguments.of("unicode name", "POST", "/api/tasks/t%C3%A2che-%F0%9F%92%A5/runs", "{}", Map.of(), 404),
                Arguments.of("10,000-character name", "POST", "/api/tasks/" + "n".repeat(10_000) + "/runs", "{}", Map.of(), 404),
                Arguments.of("SQL in a name", "GET", "/api/tasks/x%27%3BDROP%20TABLE%20task_run%3B--", null, Map.of(), 404),
                Arguments.of("negative wait", "POST", START + "?wait=-1", "{\"label\":\"x\"}", Map.of(), 400),
                Arguments.of("huge wait", "POST", START + "?wait=99999999999999999999", "{\"label\":\"x\"}", Map.of(), 400),
                Arguments.of("non-numeric wait", "POST", START + "?wait=soon", "{\"label\":\"x\"}", Map.of(), 400),
                Arguments.of("bad dryRun", "POST", START + "?dryRun=yes", "{\"label\":\"x\"}", Map.of(), 400),
                Arguments.of("control characters in key", "POST", START, "{\"label\":\"x\"}",
                        Map.of("Idempotency-Key", "a\tb"), 400),
                Arguments.of("forged cursor", "GET", "/api/runs?cursor=forged", null, Map.of(), 400),
                Arguments.of("cursor of a real-looking id", "GET", "/api/runs?cursor=MDFhMjEyZjc", null, Map.of(), 400),
                Arguments.of("negative limit", "GET", "/api/runs?limit=-5", null, Map.of(), 400),
                Arguments.of("huge limit", "GET", "/api/runs?limit=1000000", null, Map.of(), 400),
                Arguments.of("NUL in a task filter", "GET", "/api/runs?task=%00", null, Map.of(), 400),
                Arguments.of("unknown status", "GET", "/api/runs?status=EXPLODED", null, Map.of(), 400),
                Arguments.of("unknown run id", "GET", "/api/runs/01a21300-0000-7000-8000-000000000000", null, Map.of(), 404),
                Arguments.of("garbage run id", "GET", "/api/runs/%00%00", null, Map.of(), 404),
                Arguments.of("cancel of unknown run", "POST", "/api/runs/nope/cancel", null, Map.of(), 404),
                Arguments.of("unknown path", "GET", "/api/nothing/here", null, Map.of(), 404),
                Arguments.of("wrong method", "DELETE", "/api/runs", null, Map.of(), 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abuse")
    void answersAClear4xxAndWritesNothing(String what, String method, String path, String body,
            Map<String, String> headers, int expected) throws Exception {
        long runsBefore = TestDb.scalar("postgres", "SELECT count(*) FROM task_run");
        RequestSpecification request = given().urlEncodingEnabled(false).headers(headers);
        if (body != null) {
            request = request.contentType("application/json").body(body);
        }
        request.when().request(method, path)
                .then().statusCode(expected)
                .contentType("application/problem+json")
                .body("status", equalTo(expected))
                .body("detail", not(emptyOrNullString()));
        assertEquals(runsBefore, TestDb.scalar("postgres", "SELECT count(*) FROM task_run"), what + " wrote a run");
    }

    @Test
    void theServiceIsStillUpAfterwards() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().contentType("application/json").body("{\"label\":\"after-abuse\"}")
                .when().post(START).then().statusCode(200);
    }
}
