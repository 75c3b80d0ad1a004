package dev.ormtask.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @TaskParam(secret = true)}: a task that puts its secret into log lines, an exception, its progress, its
 * result and its error never shows it in an API answer, the service's log file or the run's own log, while the stored
 * run keeps it for a re-run. And a 403 names the role that is missing.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(SecurityTest.Tokens.class)
class SecretParamsTest {

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    @Test
    void aSecretParameterNeverShowsInTheApiTheLogFileOrTheRunLog() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        String body = "{\"user\":\"alice\",\"password\":\"" + secret + "\"}";
        String started = as(SecurityTest.OPERATOR).body(body).when().post("/api/tasks/secret-echo/runs")
                .then().statusCode(200)
                .body("params.user", equalTo("alice"))
                .body("params.password", equalTo("****"))
                .body("result.echo", equalTo("****"))
                .body("result.nested.again", equalTo("pw=****"))
                .extract().asString();
        String id = JsonPath.from(started).getString("id");
        String failed = as(SecurityTest.OPERATOR).body("{\"user\":\"alice\",\"password\":\"" + secret + "\",\"fail\":true}")
                .when().post("/api/tasks/secret-echo/runs")
                .then().statusCode(500)
                .body("error.message", equalTo("cannot go on with password ****"))
                .extract().asString();
        String failedId = JsonPath.from(failed).getString("id");

        List<String> answers = List.of(started, failed,
                as(SecurityTest.VIEWER).when().get("/api/runs/" + id).then().statusCode(200)
                        .body("progress.message", equalTo("logged in with ****")).extract().asString(),
                as(SecurityTest.VIEWER).when().get("/api/runs?task=secret-echo").then().statusCode(200).extract().asString(),
                as(SecurityTest.VIEWER).when().get("/api/runs/" + failedId).then().statusCode(200).extract().asString(),
                as(SecurityTest.VIEWER).when().get("/api/tasks/secret-echo").then().statusCode(200)
                        .body("parameters.find { it.name == 'password' }.secret", equalTo(true)).extract().asString());
        String runLog = as(SecurityTest.VIEWER).when().get("/api/runs/" + id + "/log").then().statusCode(200)
                .body("lines.message", hasItem("connecting as alice with password ****"))
                .body("lines.message", hasItem(containsString("login refused for ****")))
                .extract().asString();
        String logFile = Files.readString(SecurityTest.LOG);
        List<String> everything = new java.util.ArrayList<>(answers);
        everything.add(runLog);
        everything.add(logFile);
        for (String text : everything) {
            assertFalse(text.contains(secret), "the secret leaked into: " + text.substring(0, Math.min(300, text.length())));
        }
        assertTrue(logFile.contains("connecting as alice with password ****"), "the task's lines reach the log file");
        assertTrue(logFile.contains("login refused for ****") && logFile.contains("cause mentions ****"),
                "with their exceptions, masked");
        assertTrue(logFile.lines().anyMatch(line -> line.contains("Run " + failedId + " of secret-echo FAILED in ")
                && line.contains("(trigger API): cannot go on with password ****")), "the failed run's last line says why");

        // Stored as given, so that a re-run (or a retry on another node) still has it.
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? AND params LIKE ?",
                id, "%" + secret + "%"));
        String again = as(SecurityTest.OPERATOR).when().post("/api/runs/" + id + "/rerun")
                .then().statusCode(200)
                .body("rerunOf", equalTo(id))
                .body("params.password", equalTo("****"))
                .extract().path("id");
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? AND params LIKE ?",
                again, "%" + secret + "%"), "the re-run ran with the stored secret");
    }

    @Test
    void a403NamesTheRoleThatIsMissing() {
        String id = as(SecurityTest.OPERATOR).body("{\"label\":\"for-403\"}").when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).extract().path("id");
        as(SecurityTest.VIEWER).body("{\"label\":\"no\"}").when().post("/api/tasks/write-row/runs")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("needs the role 'operator'"));
        as(SecurityTest.VIEWER).when().post("/api/runs/" + id + "/rerun")
                .then().statusCode(403).body("detail", containsString("needs the role 'operator'"));
        as(SecurityTest.VIEWER).when().post("/api/tasks/tick/pause")
                .then().statusCode(403).body("detail", containsString("needs the role 'operator'"));
        as(SecurityTest.VIEWER).when().get("/api/me").then().statusCode(200)
                .body("name", equalTo("viewer1")).body("roles", equalTo(List.of("viewer")))
                .body("authenticationEnabled", equalTo(true));
        as(SecurityTest.OPERATOR).when().get("/api/me").then().statusCode(200)
                .body("roles", equalTo(List.of("operator", "viewer")));
        given().header("Authorization", "Bearer not-a-valid-token-at-all").when().get("/api/me").then().statusCode(401);
    }

    @Test
    void aReRunNeedsTheTasksRoleToo() {
        String id = given().header("Authorization", "Bearer " + SecurityTest.PURGER)
                .when().post("/api/tasks/purge-expired-sessions/runs?dryRun=true").then().statusCode(200).extract().path("id");
        as(SecurityTest.OPERATOR).when().post("/api/runs/" + id + "/rerun?dryRun=true")
                .then().statusCode(403).body("detail", containsString("requires the role 'purger'"));
        given().header("Authorization", "Bearer " + SecurityTest.PURGER)
                .when().post("/api/runs/" + id + "/rerun?dryRun=true")
                .then().statusCode(200).body("rerunOf", equalTo(id)).body("trigger", equalTo("API"));
    }
}
