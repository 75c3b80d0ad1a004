package dev.ormtask.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every endpoint: summary, parameters, response codes, examples, security. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class OpenApiTest {

    @Test
    void everyOperationHasASummaryAndItsErrorCodes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(
                given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<String> operations = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            operations.add(name);
            assertNotNull(op.getValue().get("summary"), name + " has a summary");
            Set<String> codes = new TreeSet<>();
            op.getValue().get("responses").fieldNames().forEachRemaining(codes::add);
            assertTrue(codes.containsAll(Set.of("401", "403")), name + " documents 401 and 403: " + codes);
            assertTrue(op.getValue().get("responses").toString().contains("\"examples\""), name + " has an example");
        }));
        assertEquals(13, operations.size(), "every endpoint is documented: " + operations);

        // Stable names for generated clients: startRun, not apiTasksNameRunsPost.
        Map<String, String> ids = new TreeMap<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                ids.put(op.getValue().path("operationId").asText(), op.getKey().toUpperCase() + " " + path.getKey())));
        assertEquals(Map.ofEntries(Map.entry("listTasks", "GET /api/tasks"), Map.entry("getTask", "GET /api/tasks/{name}"),
                Map.entry("startRun", "POST /api/tasks/{name}/runs"), Map.entry("pauseTask", "POST /api/tasks/{name}/pause"),
                Map.entry("resumeTask", "POST /api/tasks/{name}/resume"), Map.entry("getRun", "GET /api/runs/{id}"),
                Map.entry("cancelRun", "POST /api/runs/{id}/cancel"), Map.entry("listRuns", "GET /api/runs"),
                Map.entry("listDatasources", "GET /api/datasources"), Map.entry("getRunLog", "GET /api/runs/{id}/log"),
                Map.entry("rerunRun", "POST /api/runs/{id}/rerun"), Map.entry("getOverview", "GET /api/overview"),
                Map.entry("getIdentity", "GET /api/me")), ids);
        assertTrue(doc.path("servers").size() > 0, "servers are named");
        assertTrue(doc.at("/info/license/name").isTextual(), "a license is named");

        JsonNode start = doc.get("paths").get("/api/tasks/{name}/runs").get("post");
        Set<String> codes = new TreeSet<>();
        start.get("responses").fieldNames().forEachRemaining(codes::add);
        assertEquals(new TreeSet<>(Set.of("200", "202", "400", "401", "403", "404", "409", "413", "415", "422", "500", "503")), codes);
        // JsonNode.at answers a missing node, never null: check that the example is there and is a run.
        JsonNode example = start.at("/responses/200/content/application~1json/examples/succeeded/value");
        assertFalse(example.isMissingNode(), "POST /api/tasks/{name}/runs has a 200 example named 'succeeded'");
        JsonNode run = example.isTextual() ? new ObjectMapper().readTree(example.textValue()) : example;
        assertEquals("SUCCEEDED", run.path("status").asText(), "the example is a succeeded run: " + run);
        assertTrue(run.path("id").isTextual() && run.path("task").isTextual(), "the example run has an id and a task: " + run);
        assertTrue(start.get("parameters").toString().contains("\"wait\""), "the wait parameter is described");
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertFalse(start.at("/requestBody/required").asBoolean(false), "a start may send no body");

        // Swagger UI fills a parameter's example in as its value: only the path and the harmless ones may have one
        // (an example Idempotency-Key made every start tried there the same start, a status filter hid most runs).
        Set<String> prefilled = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            for (JsonNode parameter : op.getValue().path("parameters")) {
                if (parameter.has("example") && !parameter.path("in").asText().equals("path")) {
                    prefilled.add(op.getValue().path("operationId").asText() + " " + parameter.path("name").asText());
                }
            }
        }));
        assertEquals(new TreeSet<>(Set.of("startRun wait", "startRun dryRun", "rerunRun wait", "rerunRun dryRun",
                "listRuns limit", "getRunLog after")), prefilled);
    }
}
