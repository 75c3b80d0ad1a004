package dev.ormtask.schedule;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.ForbidGatedTask;
import dev.ormtask.testtasks.GatedTask;
import dev.ormtask.testtasks.ReplaceGatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cron fires on one node: per-second timing, FORBID and REPLACE, pause and resume, cancel. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(ScheduleTest.EverySecond.class)
class ScheduleTest {

    /** Two tasks fire every second. */
    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ormtask.tasks.\"tick\".cron", "* * * * * ?",
                    "ormtask.tasks.\"forbid-gated\".cron", "* * * * * ?");
        }
    }

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void firesOncePerSecondAtWholeSecondsWithSmallDelay() throws Exception {
        Instant from = Instant.now();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fires("tick", from).size() >= 4);
        List<Instant> fires = fires("tick", from);
        for (int i = 1; i < fires.size(); i++) {
            assertEquals(Duration.ofSeconds(1), Duration.between(fires.get(i - 1), fires.get(i)),
                    "consecutive fires one second apart: " + fires);
        }
        fires.forEach(f -> assertEquals(0, f.getNano(), "fire times are whole seconds: " + f));
        given().when().get("/api/runs?task=tick&limit=3")
                .then().statusCode(200)
                .body("runs[0].trigger", equalTo("SCHEDULE"))
                .body("runs[0].requestedBy", equalTo("scheduler"))
                .body("runs[0].scheduledAt", notNullValue());
        long worstDelay = TestDb.scalar("postgres", "SELECT max(CAST(EXTRACT(EPOCH FROM (started_at - scheduled_at)) * 1000 AS BIGINT))"
                + " FROM task_run WHERE task_name = 'tick' AND started_at IS NOT NULL");
        assertTrue(worstDelay >= 0 && worstDelay < 2000, "fire delay within 2 s, was " + worstDelay + " ms");
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("ormtask_schedule_fire_delay_seconds_count{task=\"tick\"}"), "fire delay metric");
        given().when().get("/api/tasks/tick")
                .then().statusCode(200)
                .body("cron", equalTo("* * * * * ?"))
                .body("schedule.paused", equalTo(false))
                .body("schedule.nextFireTime", notNullValue());
    }

    @Test
    void forbidSkipsFiresAndRefusesApiStartsWhileARunIsActive() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> GatedTask.awaitEntered(ForbidGatedTask.GATE, 1));
        String active = given().when().get("/api/runs?task=forbid-gated&status=RUNNING")
                .then().statusCode(200).extract().path("runs[0].id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE task_name = 'forbid-gated' AND status = 'SKIPPED'"
                        + " AND error_message LIKE ?", "%" + active + "%") >= 2);
        given().when().post("/api/tasks/forbid-gated/runs")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("activeRunId", equalTo(active))
                .body("detail", containsString("forbids concurrent runs"));
        assertEquals(1, TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE task_name = 'forbid-gated' AND status IN ('RUNNING', 'QUEUED')"),
                "never two active runs of a FORBID task");

        GatedTask.open(ForbidGatedTask.GATE);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "SUCCEEDED".equals(given().when().get("/api/runs/" + active).then().extract().path("status")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE task_name = 'forbid-gated' AND status = 'SUCCEEDED' AND id > ?",
                active) >= 1);
    }

    @Test
    void replaceCancelsTheActiveRunAndStartsTheNewOne() throws Exception {
        String first = "replace-1-" + UUID.randomUUID();
        String second = "replace-2-" + UUID.randomUUID();
        String a = startGated("replace-gated", first);
        assertTrue(GatedTask.awaitEntered(first, 30));
        String b = startGated("replace-gated", second);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "CANCELLED".equals(given().when().get("/api/runs/" + a).then().extract().path("status")));
        given().when().get("/api/runs/" + a).then().body("error.message", containsString("replaced by run " + b));
        GatedTask.open(second);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "SUCCEEDED".equals(given().when().get("/api/runs/" + b).then().extract().path("status")));
        GatedTask.open(first);
    }

    @Test
    void concurrentReplaceStartsAreAllAnsweredAndNeverExecuteTogether() throws Exception {
        ReplaceGatedTask.mostAtOnceSinceLastAsked();
        String gate = "replace-burst-" + UUID.randomUUID();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(callers.submit(() -> given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                    .when().post("/api/tasks/replace-gated/runs?wait=0")));
        }
        List<String> ids = new ArrayList<>();
        for (Future<io.restassured.response.Response> answer : answers) {
            io.restassured.response.Response response = answer.get(60, TimeUnit.SECONDS);
            assertEquals(202, response.statusCode(), "every start is accepted: " + response.asString());
            ids.add(response.path("id"));
        }
        callers.shutdown();
        String ofThem = " AND id IN (" + String.join(",", ids.stream().map(id -> "?").toList()) + ")";
        GatedTask.open(gate);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE status IN ('SUCCEEDED', 'CANCELLED', 'FAILED', 'TIMED_OUT')" + ofThem,
                ids.toArray()) == 8);
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE status = 'SUCCEEDED'" + ofThem,
                ids.toArray()), "the last one runs");
        assertEquals(7, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE status = 'CANCELLED'"
                + " AND error_message LIKE 'cancelled: replaced by run %'" + ofThem, ids.toArray()), "the others are replaced");
        assertEquals(1, ReplaceGatedTask.mostAtOnceSinceLastAsked(), "never two runs of a REPLACE task at once");
    }

    @Test
    void aReplaceStartRepeatedWithItsKeyGetsTheFirstRunInsteadOfReplacingIt() throws Exception {
        String gate = "replace-key-" + UUID.randomUUID();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(callers.submit(() -> given().contentType(ContentType.JSON).header("Idempotency-Key", gate)
                    .body("{\"gate\":\"" + gate + "\"}").when().post("/api/tasks/replace-gated/runs?wait=0")));
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Future<io.restassured.response.Response> answer : answers) {
            io.restassured.response.Response response = answer.get(60, TimeUnit.SECONDS);
            assertEquals(202, response.statusCode(), "a repeat is answered with the first run: " + response.asString());
            ids.add(response.path("id"));
        }
        callers.shutdown();
        assertEquals(1, ids.size(), "one run for one key: " + ids);
        assertTrue(GatedTask.awaitEntered(gate, 30), "the run was not replaced by its own repeats");
        GatedTask.open(gate);
        String id = ids.iterator().next();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "SUCCEEDED".equals(given().when().get("/api/runs/" + id).then().extract().path("status")));
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE params LIKE ?", "%" + gate + "%"));
    }

    @Test
    void pausedScheduleStopsFiringAndResumeRestoresIt() throws Exception {
        given().when().post("/api/tasks/tick/pause")
                .then().statusCode(200).body("schedule.paused", equalTo(true)).body("schedule.nextFireTime", nullValue());
        Instant paused = Instant.now().plusSeconds(1);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fires("tick", paused).isEmpty());
        given().when().post("/api/tasks/tick/resume")
                .then().statusCode(200).body("schedule.paused", equalTo(false));
        Instant resumed = Instant.now();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fires("tick", resumed).size() >= 2);
    }

    @Test
    void cancelStopsARunningRunAndRefusesAFinishedOne() throws Exception {
        String gate = "cancel-" + UUID.randomUUID();
        String id = startGated("gated", gate);
        assertTrue(GatedTask.awaitEntered(gate, 30));
        given().header("X-Requested-By", "operator-1").when().post("/api/runs/" + id + "/cancel")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(202)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                "CANCELLED".equals(given().when().get("/api/runs/" + id).then().extract().path("status")));
        given().when().get("/api/runs/" + id).then().body("error.message", containsString("operator-1"));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", id));
        given().when().post("/api/runs/" + id + "/cancel")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("CANCELLED"));
        given().when().post("/api/runs/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        GatedTask.open(gate);
    }

    @Test
    void monthlyReportShowsItsNextFireAtTwoOnTheFirst() {
        String next = given().when().get("/api/tasks/monthly-request-count")
                .then().statusCode(200).extract().path("schedule.nextFireTime");
        LocalDateTime at = LocalDateTime.ofInstant(Instant.parse(next), ZoneOffset.UTC);
        assertEquals(1, at.getDayOfMonth());
        assertEquals(2, at.getHour());
        assertEquals(0, at.getMinute());
        assertTrue(Instant.parse(next).isAfter(Instant.now()));
    }

    private static String startGated(String task, String gate) {
        return given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                .when().post("/api/tasks/" + task + "/runs?wait=0")
                .then().statusCode(202).extract().path("id");
    }

    /** Fire times recorded for a task's SCHEDULE runs after an instant, in order. */
    private static List<Instant> fires(String task, Instant after) throws Exception {
        try (Connection c = TestDb.connect("postgres");
                PreparedStatement ps = c.prepareStatement("SELECT scheduled_at FROM task_run WHERE task_name = ?"
                        + " AND trigger_type = 'SCHEDULE' AND scheduled_at > ? ORDER BY scheduled_at")) {
            ps.setString(1, task);
            ps.setObject(2, LocalDateTime.ofInstant(after, ZoneOffset.UTC));
            List<Instant> fires = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fires.add(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC));
                }
            }
            return fires;
        }
    }
}
