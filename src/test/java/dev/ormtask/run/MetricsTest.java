package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.Trigger;
import dev.ormtask.task.TaskRegistry;
import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Prometheus metrics move as runs happen: scrape, run, scrape again. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class MetricsTest {

    @Inject
    TaskRegistry tasks;

    @Inject
    RunHistory history;

    @Inject
    RunService runs;

    @Inject
    NodeIdentity node;

    @Inject
    Clock clock;

    @Test
    void runCountersAndDurationsMoveWithEachRun() {
        String before = scrape();
        given().contentType(ContentType.JSON).body("{\"label\":\"metrics\"}")
                .when().post("/api/tasks/write-row/runs").then().statusCode(200);
        given().when().post("/api/tasks/fail-on-purpose/runs").then().statusCode(500);
        String after = scrape();

        assertEquals(value(before, "ormtask_runs_started_total", "task=\"write-row\"") + 1,
                value(after, "ormtask_runs_started_total", "task=\"write-row\""), () -> lines(after, "ormtask_runs"));
        assertEquals(value(before, "ormtask_runs_finished_total", "status=\"SUCCEEDED\",task=\"write-row\"") + 1,
                value(after, "ormtask_runs_finished_total", "status=\"SUCCEEDED\",task=\"write-row\""));
        assertEquals(value(before, "ormtask_runs_finished_total", "status=\"FAILED\",task=\"fail-on-purpose\"") + 1,
                value(after, "ormtask_runs_finished_total", "status=\"FAILED\",task=\"fail-on-purpose\""));
        assertEquals(value(before, "ormtask_run_duration_seconds_count", "task=\"write-row\"") + 1,
                value(after, "ormtask_run_duration_seconds_count", "task=\"write-row\""));
        assertTrue(after.contains("ormtask_run_duration_seconds_bucket{task=\"write-row\""), "a duration histogram");
        assertTrue(after.contains("ormtask_runs_active "), "active runs gauge");
        assertTrue(after.contains("ormtask_runs_queued "), "queue depth gauge");
        assertTrue(Pattern.compile("agroal_active_count\\{datasource=\"app\"").matcher(after).find(), "pool usage per datasource");
    }

    @Test
    void runsThatEndWithoutExecutingAreCountedToo() {
        // A queued run cancelled before any node took it, and a cron fire that FORBID skipped: both are ends an
        // operator alerts on (cancels, missed fires), though no worker ran them.
        String before = scrape();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        RunRecord queued = new RunRecord(RunIds.next(clock), "write-row", RunStatus.QUEUED, Trigger.API,
                "{\"label\":\"metrics-queued\"}", false, null, null, null, now, null, null, node.name(), "test", null,
                null, 1, null, null, null, null);
        history.insert(queued, now.plus(Duration.ofHours(1))); // in a backoff, so no worker claims it first
        given().when().post("/api/runs/" + queued.id() + "/cancel").then().statusCode(200)
                .body(containsString("\"status\":\"CANCELLED\""));
        runs.skip(RunRequest.scheduled("write-row", Trigger.SCHEDULE, "test",
                Instant.parse("2001-01-01T00:00:00Z").plusMillis(System.nanoTime() % 1_000_000_000L)), "skipped: test");
        String after = scrape();

        assertEquals(value(before, "ormtask_runs_finished_total", "status=\"CANCELLED\",task=\"write-row\"") + 1,
                value(after, "ormtask_runs_finished_total", "status=\"CANCELLED\",task=\"write-row\""),
                () -> lines(after, "ormtask_runs_finished"));
        assertEquals(value(before, "ormtask_runs_finished_total", "status=\"SKIPPED\",task=\"write-row\"") + 1,
                value(after, "ormtask_runs_finished_total", "status=\"SKIPPED\",task=\"write-row\""),
                () -> lines(after, "ormtask_runs_finished"));
        assertEquals(value(before, "ormtask_runs_started_total", "task=\"write-row\""),
                value(after, "ormtask_runs_started_total", "task=\"write-row\""), "neither of them started");
    }

    @Test
    void openMetricsAsPrometheusAsksForItAndPlainTextAreServed() {
        // What Prometheus 2.x/3.x sends first is OpenMetrics 1.0.0 without a charset: it got the text format, and a
        // bare application/openmetrics-text a bare 406.
        Map<String, String> served = new java.util.LinkedHashMap<>();
        served.put("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "application/openmetrics-text");
        served.put("application/openmetrics-text", "application/openmetrics-text");
        served.put("application/openmetrics-text; version=1.0.0; charset=utf-8", "application/openmetrics-text");
        served.put("text/plain", "text/plain");
        served.put("text/plain;version=0.0.4;q=0.5, application/openmetrics-text;version=0.0.1", "text/plain");
        // Spelled otherwise than the route matches: a bare 406, or the format the client did not ask for.
        served.put("TEXT/PLAIN", "text/plain");
        served.put("text/plain ; version=0.0.4", "text/plain");
        served.put("text/*", "text/plain");
        served.put("application/*", "application/openmetrics-text");
        served.put("*/*, text/plain;q=0", "application/openmetrics-text");
        served.put("*/*", "application/openmetrics-text");
        List<String> wrong = new ArrayList<>();
        served.forEach((accept, type) -> {
            io.restassured.response.Response answer = given().header("Accept", accept).when().get("/q/metrics");
            if (answer.statusCode() != 200 || !answer.contentType().startsWith(type)
                    || !answer.asString().contains("ormtask_runs_started")) {
                wrong.add(accept + " -> " + answer.statusCode() + " " + answer.contentType());
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyTasksCountersExistAtZeroBeforeItsFirstRun() {
        // Prometheus sees no increase in a series that first appears at 1: an alert on the FAILED count or on
        // conflicts must find each series there from the start, whether or not the task ever ran.
        String scrape = scrape();
        List<String> missing = new ArrayList<>();
        for (RegisteredTask task : tasks.all()) {
            String name = "task=\"" + task.name() + "\"";
            expect(scrape, "ormtask_runs_started_total", name, missing);
            expect(scrape, "ormtask_runs_outcome_conflicts_total", name, missing);
            for (String status : List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED", "SKIPPED")) {
                expect(scrape, "ormtask_runs_finished_total", "status=\"" + status + "\"," + name, missing);
            }
        }
        assertTrue(tasks.all().size() >= 4, "the example tasks are registered");
        assertEquals(List.of(), missing, () -> lines(scrape, "ormtask_runs"));
    }

    /*
     * Requests refused before the REST layer matched them (a method the path does not answer, a ';' in the path, and
     * with authentication on a missing token) carried their raw path as the uri label: a time series per request,
     * and after 100 of them Micrometer dropped the real endpoints' series too.
     */
    @Test
    void refusedRequestsAreLabelledByTheirRouteNotByTheirRawPath() throws Exception {
        String random = java.util.UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            // a method of the client's own: any token is one to HTTP
            dev.ormtask.testsupport.RawHttp.Request.of("M" + random.substring(0, 8) + i, "/api/tasks").send();
            given().when().put("/api/runs/" + random + "-" + i).then().statusCode(405);
            given().urlEncodingEnabled(false).when().get("/nowhere-" + random + "-" + i + ";x=1").then().statusCode(400);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String scrape = scrape();
            String http = lines(scrape, "http_server_requests_seconds_count");
            assertTrue(!scrape.contains(random) && !scrape.contains(random.substring(0, 8)), http);
            assertTrue(value(scrape, "http_server_requests_seconds_count",
                    "method=\"PUT\",outcome=\"CLIENT_ERROR\",status=\"405\",uri=\"/api/runs/{id}\"") >= 3, http);
            assertTrue(value(scrape, "http_server_requests_seconds_count",
                    "method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"UNKNOWN\"") >= 3, http);
        });
    }

    private static void expect(String scrape, String metric, String labels, List<String> missing) {
        if (!Pattern.compile("^" + metric + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\} ", Pattern.MULTILINE)
                .matcher(scrape).find()) {
            missing.add(metric + "{" + labels + "}");
        }
    }

    /** The scrape's lines about one metric family, to show what was there when an assertion fails. */
    private static String lines(String scrape, String prefix) {
        return scrape.lines().filter(line -> line.startsWith(prefix)).collect(java.util.stream.Collectors.joining("\n"));
    }

    static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A sample's value, 0 when the series does not exist yet (an exemplar after the value names a trace). */
    static double value(String scrape, String metric, String labels) {
        Matcher m = Pattern.compile("^" + metric + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\} ([0-9.eE+-]+)( # .*)?$",
                Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
