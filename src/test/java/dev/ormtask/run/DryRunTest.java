package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dry runs execute the task, always roll back, and say exactly what the run would have changed. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DryRunTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void dryRunOfPurgeCountsEntityDeletesAndKeepsTheRows() throws Exception {
        String user = "dry-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            TestDb.execute("app", "INSERT INTO user_session (id, user_name, expires_at) VALUES (nextval('user_session_seq'), '"
                    + user + "', TIMESTAMP '2001-01-01 00:00:00')");
        }
        long expired = TestDb.scalar("app", "SELECT count(*) FROM user_session WHERE expires_at < TIMESTAMP '2020-01-01 00:00:00'");

        given().contentType(ContentType.JSON).body("{\"olderThanDays\": 30}")
                .when().post("/api/tasks/purge-expired-sessions/runs?dryRun=true")
                .then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("dryRun", equalTo(true))
                .body("result.deleted", equalTo((int) expired))
                .body("changes.deleted", equalTo((int) expired))
                .body("changes.inserted", equalTo(0))
                .body("changes.countedBy", equalTo("database"))
                .body("changes.entities.UserSession.deleted", equalTo((int) expired))
                .body("changes.tables.user_session.deleted", equalTo((int) expired));

        assertEquals(3, TestDb.scalar("app", "SELECT count(*) FROM user_session WHERE user_name = ?", user));
    }

    @Test
    void dryRunCountsNativeBulkStatementsOnPostgres() throws Exception {
        String label = "bulk-" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            TestDb.execute("app", "INSERT INTO test_write (run_id, label) VALUES ('" + UUID.randomUUID() + "', '" + label + "')");
        }
        given().contentType(ContentType.JSON).body("{\"label\": \"" + label + "\"}")
                .when().post("/api/tasks/bulk-delete/runs?dryRun=true")
                .then().statusCode(200)
                .body("result.deleted", equalTo(4))
                .body("changes.deleted", equalTo(4))
                .body("changes.tables.test_write.deleted", equalTo(4))
                .body("changes.entities.size()", equalTo(0));
        assertEquals(4, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
    }

    @Test
    void dryRunOfReportCountsTheInsertItWouldMake() throws Exception {
        given().contentType(ContentType.JSON).body("{\"month\": \"1999-02-01\"}")
                .when().post("/api/tasks/monthly-request-count/runs?dryRun=true")
                .then().statusCode(200)
                .body("result.month", equalTo("1999-02"))
                .body("changes.inserted", equalTo(1))
                .body("changes.entities.MonthlyRequestReport.inserted", equalTo(1));
        assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM monthly_request_report WHERE month_start = DATE '1999-02-01'"));
    }

    @Test
    void failingDryRunIsReportedAsFailed() {
        given().when().post("/api/tasks/fail-on-purpose/runs?dryRun=true")
                .then().statusCode(500)
                .body("status", equalTo("FAILED"))
                .body("dryRun", equalTo(true));
    }

    @Test
    void realRunOfReportWritesTheRowTheDryRunPredicted() throws Exception {
        given().contentType(ContentType.JSON).body("{\"month\": \"1999-03-01\"}")
                .when().post("/api/tasks/monthly-request-count/runs?dryRun=true")
                .then().statusCode(200).body("changes.inserted", equalTo(1));
        given().contentType(ContentType.JSON).body("{\"month\": \"1999-03-01\"}")
                .when().post("/api/tasks/monthly-request-count/runs")
                .then().statusCode(200).body("changes", equalTo(null));
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM monthly_request_report WHERE month_start = DATE '1999-03-01'"));
    }
}
