package dev.ormtask.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens and roles: every endpoint against every kind of caller, and secrets that never leak. */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(SecurityTest.Tokens.class)
class SecurityTest {

    static final String VIEWER = "viewer-secret-token-0001";
    static final String OPERATOR = "operator-secret-token-0002";
    static final String ADMIN = "admin-secret-token-0003";
    static final String PURGER = "purger-secret-token-0004";
    static final Path LOG = Path.of("target", "security-test.log");

    /** Authentication on, four clients, and a task that needs an extra role. */
    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ormtask.security.enabled", "true",
                    "ormtask.security.tokens", "viewer1:viewer:" + VIEWER + ",op1:operator:" + OPERATOR + ",admin1:admin:"
                            + ADMIN + ",purger1:operator+purger:" + PURGER,
                    "ormtask.tasks.\"purge-expired-sessions\".required-role", "purger",
                    // Below the 10 s the dashboard waits for a start: it must ask in a way the service caps.
                    "ormtask.api.max-wait", "8s", "ormtask.api.default-wait", "8s",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString());
        }
    }

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    enum Caller {
        NONE(null), WRONG("not-a-valid-token-at-all"), VIEWER_(VIEWER), OPERATOR_(OPERATOR), ADMIN_(ADMIN);

        final String token;

        Caller(String token) {
            this.token = token;
        }

        RequestSpecification request() {
            RequestSpecification spec = given().contentType(ContentType.JSON);
            return token == null ? spec : spec.header("Authorization", "Bearer " + token);
        }
    }

    /** method, path, body, what a viewer gets, what an operator or admin gets. */
    static Stream<Arguments> matrix() {
        String finished = "{\"label\":\"sec\"}";
        List<Arguments> rows = new ArrayList<>();
        Object[][] endpoints = {
            {"GET", "/api/tasks", null, 200, 200},
            {"GET", "/api/tasks/write-row", null, 200, 200},
            {"POST", "/api/tasks/write-row/runs", finished, 403, 200},
            {"POST", "/api/tasks/monthly-request-count/pause", null, 403, 200},
            {"POST", "/api/tasks/monthly-request-count/resume", null, 403, 200},
            {"GET", "/api/runs", null, 200, 200},
            {"GET", "/api/runs/01a21300-0000-7000-8000-000000000000", null, 404, 404},
            {"POST", "/api/runs/01a21300-0000-7000-8000-000000000000/cancel", null, 403, 404},
            {"GET", "/api/datasources", null, 200, 200},
            {"GET", "/api/overview", null, 200, 200},
            {"GET", "/api/me", null, 200, 200},
            {"GET", "/api/runs/01a21300-0000-7000-8000-000000000000/log", null, 404, 404},
            {"POST", "/api/runs/01a21300-0000-7000-8000-000000000000/rerun", null, 403, 404},
            {"GET", "/q/metrics", null, 200, 200},
        };
        for (Object[] e : endpoints) {
            for (Caller caller : Caller.values()) {
                int expected = switch (caller) {
                    case NONE, WRONG -> 401;
                    case VIEWER_ -> (int) e[3];
                    case OPERATOR_, ADMIN_ -> (int) e[4];
                };
                rows.add(Arguments.of(caller, e[0], e[1], e[2], expected));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("matrix")
    void roleMatrix(Caller caller, String method, String path, String body, int expected) {
        RequestSpecification request = caller.request();
        if (body != null) {
            request = request.body(body);
        }
        var response = request.when().request(method, path).then().statusCode(expected);
        if (expected == 401 || expected == 403) {
            response.contentType("application/problem+json");
        }
        if (expected == 401) {
            response.header("WWW-Authenticate", containsString("Bearer"));
        }
    }

    /** Credentials that match no client: stale, empty, or the admin's name with an empty password. */
    static Stream<String> staleCredentials() {
        return Stream.of("Bearer stale-token-from-last-week", "Bearer ", "Bearer",
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin:".getBytes()),
                "Basic " + java.util.Base64.getEncoder().encodeToString("op1:".getBytes()), "Basic !!!", "Digest x");
    }

    /** #7: open paths ignore credentials, so a probe or a browser holding an old token still gets them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("staleCredentials")
    void openPathsIgnoreStaleCredentials(String authorization) {
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/dashboard/", "/dashboard/index.html", "/dashboard/app.js", "/dashboard/dashboard.css", "/q/openapi",
                "/q/openapi?format=json", "/q/swagger-ui/", "/q/swagger-ui/index.html")) {
            given().header("Authorization", authorization).redirects().follow(false)
                    .when().get(path).then().statusCode(200);
        }
        given().header("Authorization", authorization).redirects().follow(false)
                .when().get("/").then().statusCode(303).header("Location", endsWith("/dashboard/"));
    }

    /** #1: such credentials never let anyone in where a token is needed, and nothing is written. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("staleCredentials")
    void staleOrEmptyCredentialsNeverMatchAClient(String authorization) throws Exception {
        long runs = TestDb.scalar("postgres", "SELECT count(*) FROM task_run");
        long rows = TestDb.scalar("app", "SELECT count(*) FROM test_write");
        for (String path : List.of("/api/tasks", "/api/datasources", "/q/metrics")) {
            given().header("Authorization", authorization).when().get(path)
                    .then().statusCode(401).contentType("application/problem+json");
        }
        given().header("Authorization", authorization).contentType(ContentType.JSON).body("{\"label\":\"stale\"}")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(401).contentType("application/problem+json");
        assertEquals(runs, TestDb.scalar("postgres", "SELECT count(*) FROM task_run"));
        assertEquals(rows, TestDb.scalar("app", "SELECT count(*) FROM test_write"));
    }

    /**
     * The API's description opens without a token (a browser could not open it behind one), says how to authenticate,
     * and opens nothing else: what it describes still needs a token.
     */
    @Test
    void theApiDescriptionIsOpenAndSaysHowToAuthenticateButTheApiIsNot() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/api/me'.get.operationId", equalTo("getIdentity"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/api/me").then().statusCode(401).contentType("application/problem+json");
        given().when().get("/q/metrics").then().statusCode(401);
    }

    @Test
    void healthStaysOpen() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void runRecordsTheClientThatStartedIt() {
        Caller.OPERATOR_.request().body("{\"label\":\"who\"}")
                .header("X-Requested-By", "someone-else")
                .when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).body("requestedBy", equalTo("op1"));
    }

    @Test
    void taskRequiringARoleRefusesOperatorsWithoutIt() {
        Caller.OPERATOR_.request().when().post("/api/tasks/purge-expired-sessions/runs?dryRun=true")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("requires the role 'purger'"));
        given().header("Authorization", "Bearer " + PURGER)
                .when().post("/api/tasks/purge-expired-sessions/runs?dryRun=true")
                .then().statusCode(200).body("requestedBy", equalTo("purger1"));
        Caller.ADMIN_.request().when().post("/api/tasks/purge-expired-sessions/runs?dryRun=true").then().statusCode(200);
    }

    @Test
    void logsOneLineAtStartAndEndOfARunAndTaskLinesCarryTheRunId() throws Exception {
        String id = Caller.ADMIN_.request().body("{\"month\":\"2026-10-01\"}")
                .when().post("/api/tasks/monthly-request-count/runs")
                .then().statusCode(200).extract().path("id");
        List<String> lines = Files.readAllLines(LOG).stream().filter(l -> l.contains(id)).toList();
        assertEquals(1, lines.stream().filter(l -> l.contains("Run " + id + " of monthly-request-count started (trigger API")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.contains("Run " + id + " of monthly-request-count SUCCEEDED in ")
                && l.contains("(trigger API)")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.contains("had ") && l.contains("requests")).count(),
                "the task's own log line carries the run id: " + lines);
    }

    @Test
    void basicAuthTakesTheClientNameAndItsToken() {
        given().auth().preemptive().basic("op1", OPERATOR).when().get("/api/tasks").then().statusCode(200);
        given().auth().preemptive().basic("viewer1", OPERATOR).when().get("/api/tasks").then().statusCode(401);
    }

    @Test
    void secretsNeverAppearInResponsesOrLogs() throws Exception {
        String openapi = Caller.ADMIN_.request().when().get("/q/openapi").then().statusCode(200).extract().asString();
        String tasks = Caller.ADMIN_.request().when().get("/api/tasks").then().statusCode(200).extract().asString();
        String health = given().when().get("/q/health").then().extract().asString();
        String metrics = Caller.ADMIN_.request().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Caller.WRONG.request().when().get("/api/tasks").then().statusCode(401);
        String log = Files.readString(LOG);
        for (String secret : List.of(VIEWER, OPERATOR, ADMIN, PURGER, "not-a-valid-token-at-all")) {
            for (String text : List.of(openapi, tasks, health, metrics, log)) {
                assertFalse(text.contains(secret), "a token leaked");
            }
        }
        assertEquals(true, log.contains("API clients"), "the log file was written: " + LOG.toAbsolutePath());
    }
}
