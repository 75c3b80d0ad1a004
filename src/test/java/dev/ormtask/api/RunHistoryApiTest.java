package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /api/runs (keyset pages, filters, limits, cursors), GET /api/runs/{id}, GET /api/tasks and GET /api/datasources.
 * Other test classes write to the same history database, so every assertion is about runs this class created or
 * about counts read through JDBC at the same moment.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RunHistoryApiTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String LABEL = "run-history-api-" + UUID.randomUUID();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    // --- Paging -------------------------------------------------------------------------------------------------

    @Test
    void walkingPagesOfTwoVisitsEveryRunOnceNewestFirst() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(startWriteRow(LABEL + "-walk-" + i));
        }
        long total = runsOf("write-row");

        List<String> visited = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        while (true) {
            var request = given().queryParam("task", "write-row").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/runs")
                    .then().statusCode(200)
                    .contentType(ContentType.JSON)
                    .body("runs.task", everyItem(equalTo("write-row")))
                    .extract().jsonPath();
            pages++;
            assertTrue(pages <= total, "more pages than runs: the cursor does not advance");
            List<String> ids = page.getList("runs.id", String.class);
            cursor = page.getString("nextCursor");
            if (cursor != null) {
                assertEquals(2, ids.size(), "a page followed by another must be full");
            } else {
                assertTrue(ids.size() <= 2);
            }
            for (String id : ids) {
                assertTrue(seen.add(id), "run " + id + " appeared on two pages");
                visited.add(id);
            }
            if (cursor == null) {
                break;
            }
        }

        assertTrue(visited.containsAll(created), "not every created run was visited: " + created + " vs " + visited);
        assertEquals(total, visited.size(), "the walk visits exactly the write-row runs history holds");
        for (int i = 1; i < visited.size(); i++) {
            assertTrue(visited.get(i - 1).compareTo(visited.get(i)) > 0,
                    "not newest first: " + visited.get(i - 1) + " before " + visited.get(i));
        }
        // The runs this test created, newest first, appear in that order.
        List<String> createdNewestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(createdNewestFirst);
        assertEquals(createdNewestFirst, visited.stream().filter(created::contains).toList());
    }

    @Test
    void pageThatEndsExactlyAtTheLastRunHasNoNextCursor() throws Exception {
        // bulk-delete with a label no row has: harmless runs of a task few tests use.
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"label\":\"" + LABEL + "-nothing\"}")
                    .when().post("/api/tasks/bulk-delete/runs")
                    .then().statusCode(200)
                    .body("result.deleted", equalTo(0));
        }
        int total = (int) runsOf("bulk-delete");
        assertTrue(total >= 3 && total <= 500, "bulk-delete runs: " + total);

        given().queryParam("task", "bulk-delete").queryParam("limit", total)
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs", hasSize(total))
                .body("nextCursor", nullValue());

        String cursor = given().queryParam("task", "bulk-delete").queryParam("limit", total - 1)
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs", hasSize(total - 1))
                .body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        given().queryParam("task", "bulk-delete").queryParam("limit", total - 1).queryParam("cursor", cursor)
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs", hasSize(1))
                .body("nextCursor", nullValue());
    }

    // --- Status filter ------------------------------------------------------------------------------------------

    @Test
    void statusFilterReturnsOnlyRunsOfThatStatus() {
        String failed = given().when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500)
                .body("status", equalTo("FAILED"))
                .extract().path("id");
        startWriteRow(LABEL + "-succeeded");

        given().queryParam("status", "FAILED").queryParam("limit", 500)
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs.status", everyItem(equalTo("FAILED")))
                .body("runs.id", hasItem(failed));
        given().queryParam("status", "FAILED").queryParam("task", "fail-on-purpose")
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs.status", everyItem(equalTo("FAILED")))
                .body("runs.task", everyItem(equalTo("fail-on-purpose")))
                .body("runs[0].id", equalTo(failed));
        given().queryParam("status", "SUCCEEDED").queryParam("task", "fail-on-purpose")
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs", hasSize(0))
                .body("nextCursor", nullValue());
    }

    @Test
    void lowerCaseStatusIsAccepted() {
        String failed = given().when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500)
                .extract().path("id");
        given().queryParam("status", "failed").queryParam("task", "fail-on-purpose")
                .when().get("/api/runs")
                .then().statusCode(200)
                .body("runs.status", everyItem(equalTo("FAILED")))
                .body("runs.id", hasItem(failed));
    }

    @Test
    void unknownStatusIsA400NamingStatus() {
        given().queryParam("status", "bogus")
                .when().get("/api/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", containsString("status"))
                .body("detail", containsString("FAILED"));
    }

    // --- Limits -------------------------------------------------------------------------------------------------

    @Test
    void limitZeroIsA400NamingLimit() {
        assertBadLimit("0");
    }

    @Test
    void limitAboveTheMaximumIsA400NamingLimit() {
        assertBadLimit("501");
    }

    @Test
    void nonNumericLimitIsA400NamingLimit() {
        assertBadLimit("abc");
    }

    private static void assertBadLimit(String limit) {
        given().queryParam("limit", limit)
                .when().get("/api/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", containsString("limit"));
    }

    @Test
    void withoutLimitAPageHoldsAtMostFifty() throws Exception {
        startWriteRow(LABEL + "-default-limit");
        long total = TestDb.scalar("postgres", "SELECT count(*) FROM task_run");
        JsonPath page = given().when().get("/api/runs")
                .then().statusCode(200)
                .body("runs.size()", lessThanOrEqualTo(50))
                .extract().jsonPath();
        assertEquals(Math.min(50, total), page.getList("runs").size());
        if (total > 50) {
            assertNotNull(page.getString("nextCursor"));
        } else {
            assertNull(page.getString("nextCursor"));
        }
    }

    // --- Forged cursors -----------------------------------------------------------------------------------------

    @Test
    void shortGarbageCursorIsA400MentioningCursor() {
        assertForgedCursor("abc");
    }

    @Test
    void base64OfSomethingThatIsNotARunIdIsA400MentioningCursor() {
        assertForgedCursor(Base64.getUrlEncoder().withoutPadding()
                .encodeToString("not-an-id".getBytes(StandardCharsets.US_ASCII)));
        assertForgedCursor(Base64.getEncoder().encodeToString("not-an-id".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void thousandCharacterCursorIsA400MentioningCursor() {
        assertForgedCursor("A".repeat(1_000));
    }

    private static void assertForgedCursor(String cursor) {
        given().queryParam("cursor", cursor)
                .when().get("/api/runs")
                .then().statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", containsString("cursor"));
    }

    // --- One run ------------------------------------------------------------------------------------------------

    @Test
    void unknownWellFormedRunIdIsA404ProblemNamingIt() {
        String id = "01890a5d-ac96-774b-bcce-b302099a8057";
        given().when().get("/api/runs/" + id)
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404))
                .body("detail", containsString(id));
    }

    @Test
    void garbageRunIdIsA404Problem() {
        given().when().get("/api/runs/not-a-run-id")
                .then().statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(404))
                .body("detail", containsString("not-a-run-id"));
        given().urlEncodingEnabled(false).when().get("/api/runs/" + "z".repeat(2_000))
                .then().statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void everyRunBodyHasTheSameFields() {
        String succeeded = startWriteRow(LABEL + "-fields");
        String failed = given().when().post("/api/tasks/fail-on-purpose/runs")
                .then().statusCode(500)
                .extract().path("id");
        List<String> fields = List.of("id", "task", "status", "trigger", "params", "dryRun", "result", "error",
                "queuedAt", "startedAt", "finishedAt", "durationMs", "node", "requestedBy", "callerRef", "traceId",
                "traceparent");
        for (String id : List.of(succeeded, failed)) {
            Map<String, Object> run = given().when().get("/api/runs/" + id)
                    .then().statusCode(200)
                    .contentType(ContentType.JSON)
                    .body("id", equalTo(id))
                    .extract().jsonPath().getMap("$");
            for (String field : fields) {
                assertThat("run " + id, run, hasKey(field));
            }
        }
        // The same shape in a page of the list.
        Map<String, Object> listed = given().queryParam("task", "write-row").queryParam("limit", 1)
                .when().get("/api/runs")
                .then().statusCode(200)
                .extract().jsonPath().getMap("runs[0]");
        for (String field : fields) {
            assertThat(listed, hasKey(field));
        }
    }

    @Test
    void callerFilterListsTheRunsOneCallerStartedExactlyOrByPrefix() {
        String dagRun = "test:dag/" + UUID.randomUUID();
        String a1 = startBy(dagRun + "/a/1");
        String a2 = startBy(dagRun + "/a/1");
        String b = startBy(dagRun + "/b_%/1"); // LIKE's wildcards in a reference are plain characters
        given().queryParam("caller", dagRun + "/a/1").when().get("/api/runs")
                .then().statusCode(200)
                .body("runs.id", equalTo(List.of(a2, a1)))
                .body("runs.callerRef", everyItem(equalTo(dagRun + "/a/1")));
        given().queryParam("caller", dagRun + "/*").when().get("/api/runs")
                .then().statusCode(200).body("runs.id", equalTo(List.of(b, a2, a1)));
        given().queryParam("caller", dagRun + "/b_%/*").when().get("/api/runs")
                .then().statusCode(200).body("runs.id", equalTo(List.of(b)));
        given().queryParam("caller", dagRun + "/b__/*").when().get("/api/runs")
                .then().statusCode(200).body("runs", hasSize(0));
        given().queryParam("caller", "x".repeat(201)).when().get("/api/runs")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("detail", containsString("X-Caller-Ref"));
        given().header("X-Caller-Ref", "caf\u00e9").contentType(ContentType.JSON).body("{\"label\":\"x\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("detail", containsString("X-Caller-Ref"));
    }

    private static String startBy(String caller) {
        return given().header("X-Caller-Ref", caller).contentType(ContentType.JSON)
                .body("{\"label\":\"" + LABEL + "-caller\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).body("callerRef", equalTo(caller))
                .extract().path("id");
    }

    // --- Tasks --------------------------------------------------------------------------------------------------

    @Test
    void taskListShowsEveryTaskWithItsDeclaration() {
        JsonPath tasks = given().when().get("/api/tasks")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", hasItems("write-row", "gated", "result", "bulk-delete", "disabled-task",
                        "fail-on-purpose", "monthly-request-count", "purge-expired-sessions"))
                .body("datasource", everyItem(notNullValue()))
                .body("timeoutSeconds", everyItem(greaterThan(0)))
                .body("parameters", everyItem(notNullValue()))
                .extract().jsonPath();
        assertEquals("app", tasks.getString("find { it.name == 'write-row' }.datasource"));
        assertEquals("label", tasks.getString("find { it.name == 'write-row' }.parameters[0].name"));
        assertEquals(true, tasks.getBoolean("find { it.name == 'write-row' }.parameters[0].required"));
        assertEquals(120, tasks.getInt("find { it.name == 'gated' }.timeoutSeconds"));
        assertEquals(false, tasks.getBoolean("find { it.name == 'disabled-task' }.enabled"));
    }

    @Test
    void monthlyRequestCountShowsItsScheduleAndItsLastRun() {
        given().when().get("/api/tasks/monthly-request-count")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", equalTo("monthly-request-count"))
                .body("cron", equalTo("0 0 2 1 * ?"))
                .body("timeZone", equalTo("UTC"))
                .body("timeoutSeconds", equalTo(600))
                .body("parameters[0].name", equalTo("month"))
                .body("parameters[0].type", equalTo("DATE"));

        String id = given().when().post("/api/tasks/monthly-request-count/runs")
                .then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .extract().path("id");
        given().when().get("/api/tasks/monthly-request-count")
                .then().statusCode(200)
                .body("lastRun.id", equalTo(id))
                .body("lastRun.status", equalTo("SUCCEEDED"))
                .body("lastRun.finishedAt", notNullValue())
                .body("lastRun.durationMs", notNullValue());
        given().when().get("/api/tasks")
                .then().statusCode(200)
                .body("find { it.name == 'monthly-request-count' }.lastRun.id", equalTo(id));
    }

    // --- Datasources --------------------------------------------------------------------------------------------

    @Test
    void datasourceListNamesEveryDatasourceAndTheHistoryStore() {
        JsonPath list = given().when().get("/api/datasources")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", hasItems("<default>", "app", "postgres", "maria"))
                .extract().jsonPath();
        assertEquals(true, list.getBoolean("find { it.name == 'postgres' }.historyStore"));
        assertEquals(List.of("postgres"), list.getList("findAll { it.historyStore }.name"));
        assertEquals(true, list.getBoolean("find { it.name == 'app' }.up"));
        assertEquals(true, list.getBoolean("find { it.name == 'app' }.active"));
        assertEquals("postgresql", list.getString("find { it.name == 'app' }.dbKind"));
        assertEquals("mariadb", list.getString("find { it.name == 'maria' }.dbKind"));
    }

    @Test
    void datasourceListShowsNoUrlUserOrPassword() {
        String body = given().queryParam("prefix", "").when().get("/api/datasources").then().statusCode(200)
                .extract().asString();
        for (String secretish : List.of("jdbc:", "password", "username", "user=")) {
            assertTrue(!body.toLowerCase().contains(secretish), "the listing shows no " + secretish + ": " + body);
        }
        List<Map<String, Object>> listed = given().when().get("/api/datasources").then().extract().jsonPath().getList("$");
        for (Map<String, Object> datasource : listed) {
            assertTrue(Set.of("name", "dbKind", "active", "up", "historyStore", "detail").containsAll(datasource.keySet()),
                    datasource.toString());
        }
    }

    @Test
    void datasourcePrefixNarrowsTheList() {
        given().queryParam("prefix", "ma")
                .when().get("/api/datasources")
                .then().statusCode(200)
                .body("name", equalTo(List.of("maria")));
    }

    // --- Helpers ------------------------------------------------------------------------------------------------

    private static String startWriteRow(String label) {
        return given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .extract().path("id");
    }

    private static long runsOf(String task) throws Exception {
        return TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = ?", task);
    }
}
