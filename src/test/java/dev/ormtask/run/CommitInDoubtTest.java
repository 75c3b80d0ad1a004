package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A commit whose reply never reaches the service, against real PostgreSQL: the driver times out on a COMMIT the
 * server holds in a deferred trigger and closes the connection, and the transaction manager reports a failure without
 * its cause. Whether the run committed is then read from its commit marker, never guessed: a commit that took effect
 * is SUCCEEDED (it was recorded FAILED, and a retry with the same key did the work twice); one that did not is FAILED
 * and retried, and the work is done exactly once.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class CommitInDoubtTest {

    @BeforeAll
    static void slowCommits() throws Exception {
        TestDb.execute("app", "CREATE TABLE IF NOT EXISTS slow_commit (run_id VARCHAR(36) PRIMARY KEY,"
                + " task_key VARCHAR(100) NOT NULL, mode VARCHAR(20) NOT NULL)");
        TestDb.execute("app", "CREATE OR REPLACE FUNCTION slow_commit_check() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.mode <> 'plain' THEN PERFORM pg_sleep(1.5);"
                + " IF NEW.mode = 'sleep-then-refuse' THEN RAISE EXCEPTION 'refused at commit'; END IF; END IF;"
                + " RETURN NULL; END $$");
        TestDb.execute("app", "DROP TRIGGER IF EXISTS slow_commit_at_commit ON slow_commit");
        TestDb.execute("app", "CREATE CONSTRAINT TRIGGER slow_commit_at_commit AFTER INSERT ON slow_commit"
                + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit_check()");
    }

    @Test
    void aCommitThatTookEffectIsSucceededWithItsResultThoughItsReplyWasLost() throws Exception {
        String key = "committed-" + UUID.randomUUID();
        JsonPath run = given().contentType(ContentType.JSON).body("{\"key\":\"" + key + "\"}")
                .when().post("/api/tasks/slow-commit/runs?wait=30")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED")).body("result.call", equalTo(1))
                .body("attempt", equalTo(1)).extract().jsonPath();
        assertEquals(1, rows(key), "its write is there once");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM slow_commit WHERE task_key = ? AND run_id = ?",
                key, run.getString("id")));
        assertEquals(0, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE first_attempt_id = ?",
                run.getString("id")), "and it was not tried again");
    }

    @Test
    void aCommitRefusedWhileItsReplyWasLostIsFailedAndRetriedExactlyOnce() throws Exception {
        String key = "refused-" + UUID.randomUUID();
        JsonPath last = given().contentType(ContentType.JSON).body("{\"key\":\"" + key + "\", \"refuse\": true}")
                .when().post("/api/tasks/slow-commit/runs?wait=30")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED")).body("attempt", equalTo(2))
                .body("result.call", equalTo(2)).extract().jsonPath();
        String first = last.getString("firstAttemptId");
        given().when().get("/api/runs/" + first).then().statusCode(200).body("status", equalTo("FAILED"))
                .body("error.message", org.hamcrest.Matchers.startsWith("not committed (its commit marker is not"
                        + " there, and now never can be)"))
                // the driver's own words, which the transaction manager reports as suppressed, not as the cause
                .body("error.message", org.hamcrest.Matchers.endsWith("caused by: Read timed out"));
        assertEquals(1, rows(key), "the work is done once, by the second attempt");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM slow_commit WHERE task_key = ? AND run_id = ?",
                key, last.getString("id")));
    }

    private static long rows(String key) throws Exception {
        return TestDb.scalar("app", "SELECT count(*) FROM slow_commit WHERE task_key = ?", key);
    }
}
