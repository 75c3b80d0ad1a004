package dev.ormtask.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunIds;
import dev.ormtask.testsupport.MariaDbOnAClosedPort;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runs of a task whose datasource does not answer ("maria" on a closed port). From an
 * outside check: a run queued before a node stopped was claimed at the next start while its database was down, failed
 * as "table ormtask_commit_marker is missing … and could not be created" (the table was there; the connection was
 * refused) and was not retried.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(MariaDbOnAClosedPort.class)
class DownDataSourceRunsTest {

    @Inject
    CommitMarkers markers;

    @Test
    void aQueuedRunWaitsWhileItsDatasourceIsDown() throws Exception {
        String waiting = RunIds.next(Clock.systemUTC());
        String later = RunIds.next(Clock.systemUTC());
        try {
            await("the probe finds maria down").atMost(Duration.ofSeconds(30)).until(() -> given("/api/datasources"
                    + "?prefix=maria").contains("\"up\":false"));
            TestDb.queueRun(waiting, "maria-write", "{\"text\":\"when maria is up\"}");
            TestDb.queueRun(later, "write-row", "{\"label\":\"after-" + UUID.randomUUID() + "\"}");
            await("the later run claimed and executed").atMost(Duration.ofSeconds(30))
                    .until(() -> "SUCCEEDED".equals(TestDb.runStatus(later)));
            // Claims take the oldest queued runs first: had maria-write been claimable, it would have been claimed with
            // or before the later run, and failed.
            assertEquals("QUEUED", TestDb.runStatus(waiting));
        } finally {
            TestDb.update("postgres", "DELETE FROM task_run WHERE id = ?", waiting);
        }
    }

    @Test
    void aDatasourceThatCannotBeReachedFailsARunAsAConnectionFailureThatMayBeRetried() {
        SQLException refused = assertThrows(SQLException.class, () -> markers.ensureReady("maria"));
        assertFalse(refused.getMessage().contains("could not be created"), refused.getMessage());
        assertTrue(RetryableFailures.isRetryable(refused), refused + " (SQLState " + refused.getSQLState() + ")");
    }

    private static String given(String path) {
        return io.restassured.RestAssured.given().when().get(path).then().statusCode(200).extract().asString();
    }
}
