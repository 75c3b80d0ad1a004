package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.run.RunService;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/runs/{id}?wait=N (and Prefer: wait=N): answers as soon as the run ends, coded like a start, bounded by
 * ormtask.api.max-wait, and holding no thread while it waits.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunWaitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/runs/")
    URI runs;

    @Inject
    RunService service;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aWaitOnASlowRunAnswersWithin100MillisecondsOfItsEnd() throws Exception {
        String gate = "wait-" + UUID.randomUUID();
        String id = startGated(gate);
        CompletableFuture<Answered> waiting = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(runs.resolve(id + "?wait=60")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answered(response, Instant.now()));
        awaitWaiters(id, 1);
        GatedTask.open(gate);

        Answered answered = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(200, answered.response().statusCode(), answered.response().body());
        JsonNode run = JSON.readTree(answered.response().body());
        assertEquals("SUCCEEDED", run.get("status").asText());
        Duration late = Duration.between(Instant.parse(run.get("finishedAt").asText()), answered.at());
        assertTrue(late.toMillis() < 100, "answered " + late.toMillis() + " ms after the run ended");
    }

    @Test
    void aWaitIsCodedLikeAStartAndBoundedByMaxWait() {
        String failed = given().when().post("/api/tasks/fail-on-purpose/runs?wait=0")
                .then().statusCode(202).extract().path("id");
        given().when().get("/api/runs/" + failed + "?wait=30")
                .then().statusCode(500).body("status", equalTo("FAILED")).body("id", equalTo(failed));

        String gate = "wait-coded-" + UUID.randomUUID();
        String running = startGated(gate);
        given().when().get("/api/runs/" + running + "?wait=1")
                .then().statusCode(202).header("Location", "/api/runs/" + running).body("status", equalTo("RUNNING"));
        given().header("Prefer", "wait=1").when().get("/api/runs/" + running)
                .then().statusCode(202).header("Preference-Applied", "wait=1");
        // Without a wait, a read is a read: 200 whatever the state.
        given().when().get("/api/runs/" + running).then().statusCode(200).body("status", equalTo("RUNNING"));
        GatedTask.open(gate);
        given().when().get("/api/runs/" + running + "?wait=60").then().statusCode(200).body("status", equalTo("SUCCEEDED"));

        given().when().get("/api/runs/" + running + "?wait=301")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ormtask.api.max-wait"));
        // A preference over the maximum is capped, not refused (RFC 7240).
        given().header("Prefer", "wait=100000").when().get("/api/runs/" + running)
                .then().statusCode(200).header("Preference-Applied", "wait=300");
    }

    @Test
    void twoHundredWaitersHoldNoThread() throws Exception {
        String gate = "wait-many-" + UUID.randomUUID();
        String id = startGated(gate);
        int runPoolBusy = threadsIn("dev.ormtask.run.RunExecution.execute");
        assertEquals(1, runPoolBusy, "the gated run occupies one run worker");

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> waiters = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            waiters.add(client.sendAsync(HttpRequest.newBuilder(runs.resolve(id + "?wait=120")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        awaitWaiters(id, 200);
        assertEquals(runPoolBusy, threadsIn("dev.ormtask.run.RunExecution.execute"), "the run pool's active count is unchanged");
        assertEquals(0, threadsIn("dev.ormtask.api.RunResource"), "no thread waits inside the resource");
        assertTrue(waiters.stream().noneMatch(CompletableFuture::isDone), "every waiter is still waiting");

        GatedTask.open(gate);
        for (CompletableFuture<HttpResponse<String>> waiter : waiters) {
            HttpResponse<String> response = waiter.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"status\":\"SUCCEEDED\""), response.body());
        }
    }

    private record Answered(HttpResponse<String> response, Instant at) {}

    private static String startGated(String gate) {
        String id = given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                .when().post("/api/tasks/gated/runs?wait=0")
                .then().statusCode(202).extract().path("id");
        try {
            assertTrue(GatedTask.awaitEntered(gate, 30), "the run reached its gate");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return id;
    }

    /**
     * Waits until {@code count} requests wait on the run: each registers one dependent on its end, besides the one
     * with which the node's registry of waited-for runs lets go of the run when it ends.
     */
    private void awaitWaiters(String id, int count) {
        Awaitility.await(count + " waiters on run " + id).atMost(Duration.ofSeconds(60))
                .until(() -> service.follow(id).finished().getNumberOfDependents() >= count + 1);
    }

    /** Live threads with a frame of {@code method} (a class name or class.method) on their stack. */
    private static int threadsIn(String method) {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        return (int) Arrays.stream(threads)
                .filter(t -> Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> (f.getClassName() + "." + f.getMethodName()).startsWith(method)))
                .count();
    }
}
