package dev.ormtask.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.ServiceNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that starts while its history database refuses connections ("too many clients", as when other replicas'
 * pools hold them all) keeps trying, logging each attempt, and comes up once the database lets it in; it never
 * migrates the embedded H2 history it does not use.
 */
class StartupRetryIT {

    private static final String TOKEN = UUID.randomUUID().toString().replace("-", "");

    @TempDir
    Path dir;

    @Test
    void aNodeWaitsForADatabaseThatRefusesConnectionsAtStartUp() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start()) {
            String admin = pg.getJdbcUrl("postgres", "postgres");
            try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement s = c.createStatement()) {
                // Refused exactly as a full server refuses: SQLSTATE 53300, at connection time.
                s.execute("CREATE ROLE crowded LOGIN CONNECTION LIMIT 0");
                s.execute("CREATE DATABASE crowded OWNER crowded");
            }
            ServiceNode node = new ServiceNode("startup-retry-it", Path.of("target", "quarkus-app", "quarkus-run.jar"),
                    ServiceNode.freePorts(1)[0], TOKEN);
            Files.deleteIfExists(node.log);
            node.start(List.of(), Map.of(
                    "ORMTASK_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString(),
                    "ORMTASK_DB_URL", pg.getJdbcUrl("crowded", "crowded"),
                    "ORMTASK_DB_USER", "crowded",
                    "ORMTASK_DB_CONNECT_RETRY_INTERVAL", "1s",
                    "ORMTASK_SECURITY_TOKENS", "it:operator:" + TOKEN));
            try {
                // Two refused attempts logged and the node still up: it waits instead of giving up.
                await("the node logs its attempts while the database refuses it").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            node.requireAlive();
                            return refusedAttempts(node) >= 2;
                        });
                node.requireAlive();
                try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                        Statement s = c.createStatement()) {
                    s.execute("ALTER ROLE crowded CONNECTION LIMIT -1");
                }
                node.awaitReady();
                assertEquals("SUCCEEDED", node.post("/api/tasks/monthly-request-count/runs", "{}", 200).path("status")
                        .asText(), "a run goes through once the node is up");
                assertTrue(refusedAttempts(node) >= 2, "each attempt is logged");
            } finally {
                node.kill();
            }
            // With history on PostgreSQL the embedded H2 history is left alone: no migrations (0.4 s of each start).
            try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("history"),
                    "sa", ""); ResultSet tables = h2.getMetaData().getTables(null, null, "TASK_RUN", null)) {
                assertFalse(tables.next(), "the unused embedded history was migrated");
            }
        }
    }

    private static long refusedAttempts(ServiceNode node) throws java.io.IOException {
        return Files.readAllLines(node.log).stream().filter(line -> line.contains("Connection error: FATAL: too many connections for role"))
                .count();
    }
}
