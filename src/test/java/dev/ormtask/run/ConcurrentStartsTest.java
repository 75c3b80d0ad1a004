package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Many clients at once: every accepted run is recorded exactly once and every connection goes back to its pool. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class ConcurrentStartsTest {

    private static final int CLIENTS = 200;
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @TestHTTPResource("/api/tasks/write-row/runs?wait=120")
    URI startUri;

    @Inject
    @DataSource("app")
    AgroalDataSource appPool;

    @Inject
    @DataSource("postgres")
    AgroalDataSource historyPool;

    @Test
    void twoHundredConcurrentStartsAreEachRecordedOnce() throws Exception {
        String label = "concurrent-" + UUID.randomUUID();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(startUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"" + label + "\"}"))
                .build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.join();
            assertEquals(200, response.statusCode(), response.body());
            Matcher id = ID.matcher(response.body());
            if (id.find()) {
                ids.add(id.group(1));
            }
        }
        assertEquals(CLIENTS, ids.size(), "every response names its own run");
        assertEquals(CLIENTS, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "each run's side effect happened once");
        assertEquals(CLIENTS, TestDb.scalar("app", "SELECT count(DISTINCT run_id) FROM test_write WHERE label = ?", label));
        assertEquals(CLIENTS, TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE task_name = 'write-row' AND status = 'SUCCEEDED' AND params LIKE ?",
                "%" + label + "%"), "each run has exactly one history row");

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(0, appPool.getMetrics().activeCount(), "task pool connections in use");
            assertEquals(0, historyPool.getMetrics().activeCount(), "history pool connections in use");
        });
    }
}
