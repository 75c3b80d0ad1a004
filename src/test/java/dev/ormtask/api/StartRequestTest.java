package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.testsupport.RawHttp;
import dev.ormtask.testsupport.RawHttp.Request;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/tasks/{name}/runs: what a client may send, what it gets back, and that refused input writes nothing. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class StartRequestTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // --- Unknown tasks ------------------------------------------------------------------------------------------

    @Test
    void unknownTaskIsA404ProblemNamingIt() throws Exception {
        long runsBefore = allRuns();
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/tasks/no-such-task/runs")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-task"));
        assertEquals(runsBefore, allRuns());
    }

    /* A name longer than the default HTTP request-line limit still reaches the API and gets a problem. */
    @Test
    void tenThousandCharacterTaskNameIsA404ProblemNotAServerError() throws Exception {
        long runsBefore = allRuns();
        String name = "n".repeat(10_000);
        given().urlEncodingEnabled(false)
                .when().post("/api/tasks/" + name + "/runs")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("no task named"))
                // The name is shortened in the detail rather than echoed whole.
                .body("detail.length()", lessThan(200));
        assertEquals(runsBefore, allRuns());
    }

    @Test
    void longTaskNameWithinTheRequestLineLimitIsA404ProblemWithAShortenedDetail() throws Exception {
        long runsBefore = allRuns();
        String name = "n".repeat(3_000);
        given().urlEncodingEnabled(false)
                .when().post("/api/tasks/" + name + "/runs")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("no task named 'nnnn"))
                .body("detail.length()", lessThan(200));
        assertEquals(runsBefore, allRuns());
    }

    @Test
    void unicodeAndEncodedSlashDotDotInTaskNameIsA404ProblemNotAServerError() throws Exception {
        long runsBefore = allRuns();
        // "tâche-ü..%2Fwrite-row": percent-encoded UTF-8 and an encoded "../" that must not reach another task.
        given().urlEncodingEnabled(false)
                .contentType(ContentType.JSON).body("{\"label\":\"traversal\"}")
                .when().post("/api/tasks/t%C3%A2che-%C3%BC..%2Fwrite-row/runs")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404));
        given().contentType(ContentType.JSON).body("{\"label\":\"traversal\"}")
                .when().post("/api/tasks/{name}/runs", "задача-ü")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("задача-ü"));
        assertEquals(runsBefore, allRuns());
    }

    // --- Parameters ---------------------------------------------------------------------------------------------

    @Test
    void unknownParameterIsA400NamingItAndWritesNothing() throws Exception {
        long runsBefore = runsOf("write-row");
        long rowsBefore = testWrites();
        given().contentType(ContentType.JSON).body("{\"label\":\"ok\",\"colour\":\"blue\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", containsString("colour"))
                .body("errors", hasItem(containsString("unknown parameter 'colour'")));
        assertEquals(runsBefore, runsOf("write-row"));
        assertEquals(rowsBefore, testWrites());
    }

    @Test
    void missingRequiredParameterIsA400NamingIt() throws Exception {
        long runsBefore = runsOf("write-row");
        long rowsBefore = testWrites();
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("label"))
                .body("errors", hasItem(containsString("missing required parameter 'label'")));
        // No body at all is the same as an empty object.
        given().when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("label"));
        assertEquals(runsBefore, runsOf("write-row"));
        assertEquals(rowsBefore, testWrites());
    }

    @Test
    void parameterOfWrongTypeIsA400NamingIt() throws Exception {
        long runsBefore = runsOf("purge-expired-sessions");
        given().contentType(ContentType.JSON).body("{\"olderThanDays\":\"x\"}")
                .when().post("/api/tasks/purge-expired-sessions/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("olderThanDays"))
                .body("errors", hasItem(containsString("olderThanDays")));
        assertEquals(runsBefore, runsOf("purge-expired-sessions"));
    }

    @Test
    void malformedJsonIsA400SayingSo() throws Exception {
        long runsBefore = runsOf("write-row");
        given().contentType(ContentType.JSON).body("{\"label\":")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("JSON"));
        assertEquals(runsBefore, runsOf("write-row"));
    }

    @Test
    void jsonArrayBodyIsA400AskingForAnObject() throws Exception {
        long runsBefore = runsOf("write-row");
        given().contentType(ContentType.JSON).body("[{\"label\":\"a\"}]")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("JSON object"));
        assertEquals(runsBefore, runsOf("write-row"));
    }

    @Test
    void duplicateKeyIsA400NamingTheKey() throws Exception {
        long runsBefore = runsOf("write-row");
        long rowsBefore = testWrites();
        given().contentType(ContentType.JSON).body("{\"label\":\"a\",\"label\":\"b\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("label"));
        assertEquals(runsBefore, runsOf("write-row"));
        assertEquals(rowsBefore, testWrites());
    }

    @Test
    void bodyOver65536BytesIsA413Problem() throws Exception {
        long runsBefore = runsOf("write-row");
        long rowsBefore = testWrites();
        String body = "{\"label\":\"" + "x".repeat(70_000) + "\"}";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(413))
                .body("detail", containsString("65536"));
        assertEquals(runsBefore, runsOf("write-row"));
        assertEquals(rowsBefore, testWrites());
    }

    @Test
    void emptyBodyIsAcceptedForATaskWithoutRequiredParameters() {
        given().when().post("/api/tasks/result/runs")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("status", equalTo("SUCCEEDED"))
                .body("params.size", equalTo(10))
                .body("result", equalTo("xxxxxxxxxx"));
    }

    // --- Content types (README, "REST API") ---------------------------------------------------------------------

    @Test
    void aJsonObjectSentAsAFormIsAcceptedBecauseCurlDashDSendsThatType() {
        RawHttp.Response response = Request.of("POST", "/api/tasks/write-row/runs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("{\"label\":\"curl-d\"}").send();
        assertEquals(200, response.status(), response.toString());
        assertTrue(response.body().contains("\"label\":\"curl-d\""), response.body());
    }

    @Test
    void aJsonBodyWithoutContentTypeIsAccepted() {
        RawHttp.Response response = Request.of("POST", "/api/tasks/write-row/runs")
                .body("{\"label\":\"untyped\"}").send();
        assertEquals(200, response.status(), response.toString());
    }

    /* RFC 9110: case, blanks around ';' and wildcards; RESTEasy matched only its own spelling and answered 406. */
    @Test
    void anAcceptThatTakesJsonInAnySpellingIsAnswered() {
        for (String accept : List.of("application/json ;q=1", "APPLICATION/JSON", "application/*",
                "text/html, */*;q=0.8", "application/problem+json, application/json;q=0.5")) {
            given().contentType(ContentType.JSON).body("{\"label\":\"accept\"}").header("Accept", accept)
                    .when().post("/api/tasks/write-row/runs")
                    .then().statusCode(200).contentType(ContentType.JSON);
        }
    }

    @Test
    void jsonInUtf8WithItsCharsetIsAccepted() {
        given().contentType("application/json; charset=UTF-8").body("{\"label\":\"utf-8 é\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).body("params.label", equalTo("utf-8 é"));
    }

    @Test
    void anEmptyBodyOfAnyTypeIsNoParameters() {
        given().contentType("text/plain").body("")
                .when().post("/api/tasks/result/runs")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED"));
    }

    // --- Typed parameters reach the task exactly ------------------------------------------------------------------

    /* A: numbers with a fraction are read as exact decimals, not through a double. */
    @Test
    void decimalsSentAsJsonNumbersKeepEveryDigitAndTheirScale() throws Exception {
        for (String decimal : List.of("12345678901234567890.123456789", "1234.56789012345678901", "100.10", "1E+400")) {
            RawHttp.Response response = Request.of("POST", "/api/tasks/echo-params/runs")
                    .header("Content-Type", "application/json").body("{\"d\": " + decimal + "}").send();
            assertEquals(200, response.status(), response.toString());
            JsonNode run = JSON.readTree(response.body());
            assertEquals("BigDecimal:" + new BigDecimal(decimal), run.path("result").path("d").asText(), decimal);
            // The recorded parameters keep the digits too: a queued or claimed run is bound again from them.
            String recorded = given().when().get("/api/runs/" + run.path("id").asText()).then().statusCode(200)
                    .extract().asString();
            assertTrue(recorded.contains("\"d\":" + new BigDecimal(decimal)), recorded);
        }
    }

    @Test
    void theServicesJsonReaderKeepsDecimalsExactlyForRunsReadBackFromHistory() throws Exception {
        assertEquals(new BigDecimal("100.10"), mapper.readTree("{\"d\": 100.10}").get("d").decimalValue());
        assertEquals(new BigDecimal("12345678901234567890.123456789"),
                mapper.readTree("12345678901234567890.123456789").decimalValue());
    }

    @Test
    void longsIntsAndDatesAtTheirLimitsReachTheTask() throws Exception {
        RawHttp.Response response = Request.of("POST", "/api/tasks/echo-params/runs")
                .header("Content-Type", "application/json")
                .body("{\"i\": -2147483648, \"l\": 9223372036854775807, \"day\": \"9999-12-31\","
                        + " \"at\": \"0001-01-01T00:00:00Z\"}")
                .send();
        assertEquals(200, response.status(), response.toString());
        JsonNode result = JSON.readTree(response.body()).path("result");
        assertEquals("Integer:-2147483648", result.path("i").asText());
        assertEquals("Long:9223372036854775807", result.path("l").asText());
        assertEquals("LocalDate:9999-12-31", result.path("day").asText());
        assertEquals("OffsetDateTime:0001-01-01T00:00Z", result.path("at").asText());
    }

    // --- Query parameters ---------------------------------------------------------------------------------------

    /* #2: dryRun=true is the one way to ask for a dry run, and it is one. */
    @Test
    void dryRunTrueIsADryRunAndWritesNothing() throws Exception {
        long rowsBefore = testWrites();
        given().contentType(ContentType.JSON).body("{\"label\":\"dry\"}")
                .when().post("/api/tasks/write-row/runs?dryRun=true&wait=10")
                .then().statusCode(200).body("dryRun", equalTo(true));
        assertEquals(rowsBefore, testWrites());
    }

    @Test
    void negativeWaitIsA400NamingWait() throws Exception {
        assertRefusedWithoutWriting("?wait=-1", "wait");
    }

    @Test
    void nonNumericWaitIsA400NamingWait() throws Exception {
        assertRefusedWithoutWriting("?wait=abc", "wait");
    }

    @Test
    void waitAboveTheMaximumIsA400NamingWait() throws Exception {
        assertRefusedWithoutWriting("?wait=100000", "wait");
    }

    @Test
    void dryRunThatIsNotABooleanIsA400NamingDryRun() throws Exception {
        assertRefusedWithoutWriting("?dryRun=maybe", "dryRun");
    }

    private static void assertRefusedWithoutWriting(String query, String named) throws Exception {
        long runsBefore = runsOf("write-row");
        long rowsBefore = testWrites();
        given().contentType(ContentType.JSON).body("{\"label\":\"refused\"}")
                .when().post("/api/tasks/write-row/runs" + query)
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", containsString(named));
        assertEquals(runsBefore, runsOf("write-row"));
        assertEquals(rowsBefore, testWrites());
    }

    // --- Disabled tasks -----------------------------------------------------------------------------------------

    @Test
    void disabledTaskIsA409ProblemAndDoesNotRun() throws Exception {
        long runsBefore = runsOf("disabled-task");
        long rowsBefore = TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = 'disabled'");
        given().when().post("/api/tasks/disabled-task/runs")
                .then().statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(409))
                .body("detail", containsString("disabled"))
                .body("detail", containsString("disabled-task"));
        assertEquals(runsBefore, runsOf("disabled-task"));
        assertEquals(rowsBefore, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = 'disabled'"));
    }

    // --- Outcome codes ------------------------------------------------------------------------------------------

    @Test
    void waitZeroAnswers202WithLocationAndTheRunFinishesLater() throws Exception {
        String gate = newGate();
        try {
            Response response = given().contentType(ContentType.JSON).body(gateBody(gate))
                    .when().post("/api/tasks/gated/runs?wait=0")
                    .then().statusCode(202)
                    .contentType(ContentType.JSON)
                    .body("status", anyOf(equalTo("RUNNING"), equalTo("QUEUED")))
                    .body("task", equalTo("gated"))
                    .extract().response();
            String id = response.path("id");
            assertThat(response.header("Location"), endsWith("/api/runs/" + id));

            assertTrue(GatedTask.awaitEntered(gate, 30), "the run never reached its gate");
            given().when().get("/api/runs/" + id).then().statusCode(200).body("status", equalTo("RUNNING"));
            GatedTask.open(gate);
            awaitSucceeded(id);
            assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
        } finally {
            GatedTask.open(gate);
        }
    }

    @Test
    void preferRespondAsyncAnswers202AndSaysThePreferenceWasApplied() throws Exception {
        String gate = newGate();
        try {
            Response response = given().contentType(ContentType.JSON).body(gateBody(gate))
                    .header("Prefer", "respond-async")
                    .when().post("/api/tasks/gated/runs")
                    .then().statusCode(202)
                    .header("Preference-Applied", equalTo("respond-async"))
                    .body("status", anyOf(equalTo("RUNNING"), equalTo("QUEUED")))
                    .extract().response();
            String id = response.path("id");
            assertThat(response.header("Location"), endsWith("/api/runs/" + id));
            assertTrue(GatedTask.awaitEntered(gate, 30), "the run never reached its gate");
            GatedTask.open(gate);
            awaitSucceeded(id);
        } finally {
            GatedTask.open(gate);
        }
    }

    /* RFC 7240 4.1: a run that ends within the wait is answered synchronously; respond-async was not applied. */
    @Test
    void respondAsyncWithAWaitTheRunEndsWithinAnswers200NamingOnlyTheWait() {
        given().contentType(ContentType.JSON).body("{\"label\":\"prefer-both\"}")
                .header("Prefer", "respond-async, wait=30")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200)
                .header("Preference-Applied", equalTo("wait=30"))
                .body("status", equalTo("SUCCEEDED"));
    }

    /* A wait that runs out before the run ends answers 202 from the timer thread, not 500. */
    @Test
    void preferWaitOneAnswers202WhenTheRunIsStillGoing() throws Exception {
        String gate = newGate();
        try {
            Response response = given().contentType(ContentType.JSON).body(gateBody(gate))
                    .header("Prefer", "wait=1")
                    .when().post("/api/tasks/gated/runs")
                    .then().statusCode(202)
                    .header("Preference-Applied", equalTo("wait=1"))
                    .extract().response();
            String id = response.path("id");
            assertThat(response.header("Location"), endsWith("/api/runs/" + id));
            GatedTask.open(gate);
            awaitSucceeded(id);
        } finally {
            GatedTask.open(gate);
        }
    }

    /* RFC 7240's wait is delta-seconds: -3 is not understood, so ignored (it was read as 0 and answered at once). */
    @Test
    void aPreferWaitThatIsNoNumberOfSecondsIsIgnored() {
        given().contentType(ContentType.JSON).body("{\"label\":\"prefer-negative\"}")
                .header("Prefer", "wait=-3")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200)
                .header("Preference-Applied", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void waitOneAnswers202WhenTheRunIsStillGoing() throws Exception {
        String gate = newGate();
        try {
            Response response = given().contentType(ContentType.JSON).body(gateBody(gate))
                    .when().post("/api/tasks/gated/runs?wait=1")
                    .then().statusCode(202)
                    .header("Preference-Applied", nullValue())
                    .body("status", anyOf(equalTo("RUNNING"), equalTo("QUEUED")))
                    .extract().response();
            String id = response.path("id");
            assertThat(response.header("Location"), endsWith("/api/runs/" + id));
            GatedTask.open(gate);
            awaitSucceeded(id);
        } finally {
            GatedTask.open(gate);
        }
    }

    @Test
    void successfulRunWithinTheWaitAnswers200() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"label\":\"start-request-200\"}")
                .when().post("/api/tasks/write-row/runs?wait=10")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Location", nullValue())
                .body("status", equalTo("SUCCEEDED"))
                .body("params.label", equalTo("start-request-200"))
                .body("finishedAt", notNullValue())
                .extract().path("id");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
    }

    @Test
    void failedRunAnswers500WithTheRunAsBodySoCurlFailFails() {
        given().when().post("/api/tasks/fail-on-purpose/runs?wait=10")
                .then().statusCode(500)
                // The run itself, not a problem document: the client sees what failed.
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("task", equalTo("fail-on-purpose"))
                .body("status", equalTo("FAILED"))
                .body("error.message", containsString("failing on purpose"));
    }

    // --- Requester ----------------------------------------------------------------------------------------------

    @Test
    void xRequestedByHeaderIsRecordedAsRequestedBy() {
        String id = given().contentType(ContentType.JSON).body("{\"label\":\"requested-by\"}")
                .header("X-Requested-By", "alice@example.org")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200)
                .body("requestedBy", equalTo("alice@example.org"))
                .extract().path("id");
        given().when().get("/api/runs/" + id)
                .then().statusCode(200)
                .body("requestedBy", equalTo("alice@example.org"));
    }

    @Test
    void missingXRequestedByIsRecordedAsAnonymous() {
        String id = given().contentType(ContentType.JSON).body("{\"label\":\"anonymous\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200)
                .body("requestedBy", equalTo("anonymous"))
                .extract().path("id");
        given().when().get("/api/runs/" + id)
                .then().statusCode(200)
                .body("requestedBy", equalTo("anonymous"));
    }

    // --- Unknown paths and methods ------------------------------------------------------------------------------

    @Test
    void unknownPathUnderApiIsA404Problem() {
        given().when().get("/api/nope")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404));
    }

    @Test
    void unsupportedMethodIsA405Problem() {
        given().when().delete("/api/tasks")
                .then().statusCode(405)
                .contentType(PROBLEM_JSON)
                .header("Allow", equalTo("GET, HEAD, OPTIONS"))
                .body("status", equalTo(405))
                .body("detail", startsWith("this resource answers GET, HEAD, OPTIONS, not DELETE"));
    }

    // --- Helpers ------------------------------------------------------------------------------------------------

    private static String newGate() {
        return "start-request-" + UUID.randomUUID();
    }

    private static String gateBody(String gate) {
        return "{\"gate\":\"" + gate + "\"}";
    }

    private static void awaitSucceeded(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "SUCCEEDED".equals(given().when().get("/api/runs/" + id).then().statusCode(200)
                        .extract().path("status")));
    }

    private static long runsOf(String task) throws Exception {
        return TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = ?", task);
    }

    private static long allRuns() throws Exception {
        return TestDb.scalar("postgres", "SELECT count(*) FROM task_run");
    }

    private static long testWrites() throws Exception {
        return TestDb.scalar("app", "SELECT count(*) FROM test_write");
    }
}
