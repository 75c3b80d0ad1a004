package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Failures a retry can fix are retried with backoff, each attempt a run of its own linked to the first. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class RetryTest {

    @Test
    void lockNotAvailableIsRetriedUntilTheLockIsGone() throws Exception {
        String label = "retry-" + UUID.randomUUID();
        String first;
        try (Connection lock = TestDb.connect("app"); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("SELECT id FROM test_lock WHERE id = 1 FOR UPDATE"); // a real lock, held by another session
            first = given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                    .when().post("/api/tasks/lock-nowait/runs?wait=0")
                    .then().statusCode(202).extract().path("id");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestDb.scalar("postgres",
                    "SELECT count(*) FROM task_run WHERE (id = ? OR first_attempt_id = ?) AND status = 'FAILED'",
                    first, first) >= 2);
            lock.rollback();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE first_attempt_id = ? AND status = 'SUCCEEDED'", first) == 1);

        long attempts = TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? OR first_attempt_id = ?",
                first, first);
        assertTrue(attempts >= 3 && attempts <= 5, "attempts: " + attempts);
        assertEquals(attempts, TestDb.scalar("postgres", "SELECT max(attempt) FROM task_run WHERE id = ? OR first_attempt_id = ?",
                first, first), "attempts are numbered 1..n");
        assertEquals(attempts - 1, TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE first_attempt_id = ? AND trigger_type = 'RETRY'", first));
        assertTrue(TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE (id = ? OR first_attempt_id = ?)"
                + " AND status = 'FAILED' AND error_message LIKE '%could not obtain lock%'", first, first) >= 1,
                "the failed attempts record PostgreSQL's lock error");
        // Only the successful attempt's write stayed: every failed attempt rolled back.
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
        given().when().get("/api/runs/" + first).then().body("attempt", equalTo(1)).body("status", equalTo("FAILED"));
    }

    @Test
    void aWaitingClientGetsTheOutcomeOfTheLastAttempt() throws Exception {
        String label = "retry-wait-" + UUID.randomUUID();
        String first;
        try (Connection lock = TestDb.connect("app"); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("SELECT id FROM test_lock WHERE id = 1 FOR UPDATE");
            // Every one of the five attempts meets the lock: the answer is the fifth attempt's failure.
            first = given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                    .when().post("/api/tasks/lock-nowait/runs?wait=60")
                    .then().statusCode(500)
                    .body("attempt", equalTo(5))
                    .body("status", equalTo("FAILED"))
                    .extract().path("firstAttemptId");
            lock.rollback();
        }
        assertEquals(5, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? OR first_attempt_id = ?",
                first, first));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
    }

    @Test
    void aFailureNoRetryCanFixIsNotRetried() throws Exception {
        String label = "no-retry-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\",\"broken\":true}")
                .when().post("/api/tasks/lock-nowait/runs")
                .then().statusCode(500).body("attempt", equalTo(1)).extract().path("id");
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE first_attempt_id = ?", id));
    }
}
