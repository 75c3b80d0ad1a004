package dev.ormtask.run;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task on a MariaDB datasource: commit, rollback, timeout and dry run, checked on the MariaDB server. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class MariaDbTaskTest {

    @BeforeEach
    void requireMariaDb() {
        TestDb.assumeMariaDb("MariaDbTaskTest");
    }

    @Test
    void commitsOnMariaDb() throws Exception {
        String text = "maria-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}")
                .when().post("/api/tasks/maria-write/runs")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED"));
        assertEquals(1, TestDb.scalar("maria", "SELECT count(*) FROM maria_note WHERE note_text = ?", text));
    }

    @Test
    void rollsBackOnMariaDb() throws Exception {
        String text = "maria-fail-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\", \"fail\": true}")
                .when().post("/api/tasks/maria-write/runs")
                .then().statusCode(500).body("status", equalTo("FAILED"));
        assertEquals(0, TestDb.scalar("maria", "SELECT count(*) FROM maria_note WHERE note_text = ?", text));
    }

    @Test
    void timeoutKillsTheQueryOnMariaDb() throws Exception {
        given().when().post("/api/tasks/maria-sleep/runs")
                .then().statusCode(500)
                .body("status", equalTo("TIMED_OUT"))
                .body("durationMs", lessThan(15_000));
        assertEquals(0, TestDb.scalar("maria",
                "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%maria_sleep_marker%'"
                        + " AND id <> connection_id()"));
    }

    @Test
    void dryRunOnMariaDbCountsEntityInsertsAndWritesNothing() throws Exception {
        String text = "maria-dry-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}")
                .when().post("/api/tasks/maria-write/runs?dryRun=true")
                .then().statusCode(200)
                .body("changes.countedBy", equalTo("hibernate"))
                .body("changes.inserted", equalTo(1))
                .body("changes.entities.MariaNote.inserted", equalTo(1));
        assertEquals(0, TestDb.scalar("maria", "SELECT count(*) FROM maria_note WHERE note_text = ?", text));
    }
}
