package dev.ormtask.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in deploy/ against the service they deploy: their probes answer, their grace period
 * outlasts the service's drain, every variable they set is one the service reads, and the example CronJob's request
 * starts a run and, repeated by a retried pod, gets the same run back.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DeployManifestsTest {

    private static final Path DEPLOYMENT = Path.of("deploy", "kubernetes", "ormtask.yaml");
    private static final Path CRONJOB = Path.of("deploy", "kubernetes", "cronjob-example.yaml");

    @Test
    void everyProbeOfTheDeploymentAnswers200() throws Exception {
        Map<String, Object> container = container();
        List<String> probes = new ArrayList<>();
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
            String path = (String) httpGet.get("path");
            given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
            probes.add(path);
        }
        assertEquals(3, probes.size());
    }

    @Test
    void theGracePeriodOutlastsTheServiceDrain() throws Exception {
        int grace = (Integer) podSpec().get("terminationGracePeriodSeconds");
        Duration drain = ConfigProvider.getConfig().getValue("ormtask.run.shutdown-grace", Duration.class);
        assertTrue(grace >= drain.toSeconds() + 10, "terminationGracePeriodSeconds " + grace + " leaves the service"
                + " time to drain for " + drain + " and record what it stopped");
    }

    @Test
    void everyVariableTheDeploymentSetsIsOneTheServiceReads() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, Object> container = container();
        String port = null;
        for (Object item : (List<?>) container.get("env")) {
            String name = (String) map(item).get("name");
            // Either listed among the variables application.properties reads, or the environment form of a
            // documented ormtask.* key (ORMTASK_RUN_NODE for ormtask.run.node).
            String key = name.toLowerCase().replace('_', '.');
            assertTrue(readme.contains("| `" + name + "` |") || readme.contains("| `" + key + "` |"),
                    name + " is neither a documented variable nor a documented key");
            if (name.equals("PORT")) {
                port = (String) map(item).get("value");
            }
        }
        Object containerPort = map(((List<?>) container.get("ports")).get(0)).get("containerPort");
        assertEquals(String.valueOf(containerPort), port, "the container port is the port the service listens on");
    }

    @Test
    void theCronJobsRequestStartsARunAndARetriedPodGetsTheSameRun() throws Exception {
        String script = Files.readString(CRONJOB);
        String url = group(script, "'http://ormtask(/api/[^']+)'");
        String body = group(script, "-d '([^']+)'");
        assertTrue(script.contains("\"Idempotency-Key: $JOB_NAME\""), "keyed by the Job's name");
        String jobName = "purge-expired-sessions-" + (System.currentTimeMillis() / 1000) + "-" + UUID.randomUUID();

        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", jobName).body(body)
                .when().post(url)
                .then().statusCode(200).body("status", equalTo("SUCCEEDED"))
                .extract().path("id");
        String retried = given().contentType(ContentType.JSON).header("Idempotency-Key", jobName).body(body)
                .when().post(url)
                .then().statusCode(200)
                .extract().path("id");
        assertEquals(first, retried, "a retried pod of the same Job gets the first run, not a second one");
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        String found = m.group(1);
        assertFalse(found.isBlank());
        return found;
    }

    private static Map<String, Object> deployment() throws IOException {
        for (Object doc : new Yaml().loadAll(Files.readString(DEPLOYMENT))) {
            if ("Deployment".equals(map(doc).get("kind"))) {
                return map(doc);
            }
        }
        throw new AssertionError("no Deployment in " + DEPLOYMENT);
    }

    private static Map<String, Object> podSpec() throws IOException {
        return map(map(map(deployment().get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> container() throws IOException {
        return map(((List<?>) podSpec().get("containers")).get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }
}
