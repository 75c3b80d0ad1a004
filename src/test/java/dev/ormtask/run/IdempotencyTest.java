package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: a retried start returns the first run instead of starting another. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class IdempotencyTest {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @TestHTTPResource("/api/tasks/write-row/runs?wait=60")
    URI startUri;

    @Test
    void fiftyConcurrentStartsWithOneKeyMakeExactlyOneRun() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String label = "idem-" + UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(startUri)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + label + "\"}"))
                .build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.join();
            assertEquals(true, r.statusCode() == 200 || r.statusCode() == 202, r.statusCode() + " " + r.body());
            Matcher m = ID.matcher(r.body());
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        assertEquals(1, ids.size(), "every response names the same run: " + ids);
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE idempotency_key = ?", key));
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "the task's side effect happened once");
    }

    @Test
    void repeatAnswersTheFirstRunByItsState() {
        String key = "key-" + UUID.randomUUID();
        String id = given().header("Idempotency-Key", key).when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500).extract().path("id");
        given().header("Idempotency-Key", key).when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500).body("id", equalTo(id)).body("status", equalTo("FAILED"));
        // The key belongs to its task: another task may use it for a run of its own.
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"label\":\"other-task\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).body("id", org.hamcrest.Matchers.not(equalTo(id)));
    }

    @Test
    void sameKeyWithOtherParametersIs422AndWritesNothing() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String first = "first-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"label\":\"" + first + "\"}")
                .when().post("/api/tasks/write-row/runs").then().statusCode(200);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"label\":\"" + other + "\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("different parameters"));
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE params LIKE ?", "%" + other + "%"));
    }

    @Test
    void malformedKeyIs400() {
        given().header("Idempotency-Key", "k".repeat(201)).contentType(ContentType.JSON).body("{\"label\":\"x\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400).body("detail", containsString("Idempotency-Key"));
    }
    @Test
    void withRetryFailedARetryAfterAFailedRunStartsItsNextAttemptLinkedToIt() {
        String key = "retry-" + UUID.randomUUID();
        String first = given().header("Idempotency-Key", key).header("X-Caller-Ref", key + "/1")
                .when().post("/api/tasks/fail-on-purpose/runs?retryFailed=true")
                .then().statusCode(500).body("attempt", equalTo(1)).extract().path("id");
        String second = given().header("Idempotency-Key", key).header("X-Caller-Ref", key + "/2")
                .when().post("/api/tasks/fail-on-purpose/runs?retryFailed=true")
                .then().statusCode(500)
                .body("id", org.hamcrest.Matchers.not(equalTo(first)))
                .body("attempt", equalTo(2))
                .body("firstAttemptId", equalTo(first))
                .body("callerRef", equalTo(key + "/2"))
                .extract().path("id");
        // The key now names the new attempt: a plain repeat answers with it, without starting a third.
        given().header("Idempotency-Key", key).when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500).body("id", equalTo(second));
    }

    @Test
    void withRetryFailedARetryAfterALostAnswerStillGetsTheSameRun() throws Exception {
        String key = "retry-ok-" + UUID.randomUUID();
        String label = "retry-ok-" + UUID.randomUUID();
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"label\":\"" + label + "\"}")
                .when().post("/api/tasks/write-row/runs?retryFailed=true")
                .then().statusCode(200).extract().path("id");
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                .when().post("/api/tasks/write-row/runs?retryFailed=true")
                .then().statusCode(200).body("id", equalTo(first));
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "the task ran once");
    }

    @Test
    void retriesRacingAfterAFailedRunShareOneNextAttempt() throws Exception {
        String key = "retry-race-" + UUID.randomUUID();
        String gate = "retry-race-" + UUID.randomUUID();
        String body = "{\"gate\":\"" + gate + "\"}";
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .when().post("/api/tasks/gated/runs?wait=0").then().statusCode(202).extract().path("id");
        given().when().post("/api/runs/" + first + "/cancel").then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        given().when().get("/api/runs/" + first + "?wait=30").then().body("status", equalTo("CANCELLED"));

        // Eight callers (an Airflow retry and its duplicates) ask at once for the next attempt of the failed run.
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(startUri.resolve("/api/tasks/gated/runs?wait=0&retryFailed=true"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .header("X-Caller-Ref", key + "/" + i)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> r = response.join();
            assertEquals(202, r.statusCode(), "the next attempt, still running: " + r.body());
            assertEquals(true, r.body().contains("\"attempt\":2") && r.body().contains("\"firstAttemptId\":\"" + first),
                    "never the old failure, nor an attempt unlinked from it: " + r.body());
            Matcher m = ID.matcher(r.body());
            assertEquals(true, m.find(), r.body());
            ids.add(m.group(1));
        }
        assertEquals(1, ids.size(), "every caller gets the same next attempt: " + ids);
        assertEquals(2, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE params LIKE ?", "%" + gate + "%"),
                "the cancelled run and one next attempt");
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE idempotency_key = ?", key));
        dev.ormtask.testtasks.GatedTask.open(gate);
        given().when().get("/api/runs/" + ids.iterator().next() + "?wait=30").then().body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void retryFailedWithoutAKeyIs400() {
        given().when().post("/api/tasks/fail-on-purpose/runs?retryFailed=true")
                .then().statusCode(400).body("detail", containsString("Idempotency-Key"));
    }
}
