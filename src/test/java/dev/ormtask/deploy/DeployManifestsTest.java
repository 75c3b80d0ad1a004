package dev.ormtask.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in deploy/ against the service they deploy: their probes answer, their grace period
 * outlasts the service's drain, every variable they set is one the service reads, and the example CronJob's command
 * starts a run that names its Job, a pod retried after a lost connection gets the same run back, and one retried after
 * a failed run starts the next attempt.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DeployManifestsTest {

    private static final Path DEPLOYMENT = Path.of("deploy", "kubernetes", "ormtask.yaml");
    private static final Path CRONJOB = Path.of("deploy", "kubernetes", "cronjob-example.yaml");

    @TestHTTPResource("/")
    URL baseUrl;

    @Test
    void everyProbeOfTheDeploymentAnswers200() throws Exception {
        Map<String, Object> container = container();
        String portName = (String) map(((List<?>) container.get("ports")).get(0)).get("name");
        // The probes the manifest really declares, not a list this test assumes: one missing or added is noticed.
        Map<String, String> probes = new TreeMap<>();
        for (Map.Entry<String, Object> entry : container.entrySet()) {
            if (entry.getKey().endsWith("Probe")) {
                Map<String, Object> httpGet = map(map(entry.getValue()).get("httpGet"));
                assertNotNull(httpGet, entry.getKey() + " is an HTTP probe");
                assertEquals(portName, httpGet.get("port"), entry.getKey() + " probes the container's HTTP port");
                probes.put(entry.getKey(), (String) httpGet.get("path"));
            }
        }
        assertEquals(Set.of("livenessProbe", "readinessProbe", "startupProbe"), probes.keySet(),
                "the Deployment declares readiness, liveness and startup probes");
        probes.forEach((probe, path) -> given().when().get(path).then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void theGracePeriodOutlastsTheServiceDrain() throws Exception {
        int grace = (Integer) podSpec().get("terminationGracePeriodSeconds");
        Map<String, String> env = new HashMap<>();
        for (Object item : (List<?>) container().get("env")) {
            env.put((String) map(item).get("name"), (String) map(item).get("value"));
        }
        Duration delay = Duration.ofSeconds(Long.parseLong(env.getOrDefault("ORMTASK_SHUTDOWN_DELAY", "0s")
                .replace("s", "")));
        Duration httpWait = Duration.ofSeconds(Long.parseLong(env.getOrDefault("ORMTASK_SHUTDOWN_TIMEOUT", "30s")
                .replace("s", "")));
        Duration drain = ConfigProvider.getConfig().getValue("ormtask.run.shutdown-grace", Duration.class);
        assertTrue(httpWait.compareTo(drain) > 0, "the HTTP server waits longer (" + httpWait + ") than runs may take"
                + " to finish (" + drain + "), so every waiting client is answered");
        assertTrue(grace >= delay.plus(httpWait).toSeconds() + 10, "terminationGracePeriodSeconds " + grace
                + " leaves the pod its shutdown delay (" + delay + "), the wait for open requests (" + httpWait
                + ") and 10 s to cancel and record what is left");
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
    void theCronJobsCommandRunTwiceGivesOneRunThatNamesTheJob() throws Exception {
        String job = "purge-expired-sessions-" + UUID.randomUUID();
        CronJobPod first = runCronJobCommand(job, null);
        assertEquals(0, first.exitCode(), "the pod succeeds: " + first.output());
        CronJobPod retried = runCronJobCommand(job, null);
        assertEquals(0, retried.exitCode(), "a retried pod of the same Job succeeds too: " + retried.output());

        List<Map<String, Object>> runs = given().queryParam("caller", "k8s:batch/" + job)
                .when().get("/api/runs").then().statusCode(200).extract().path("runs");
        assertEquals(1, runs.size(), "one run for the Job, however often its pod runs: " + runs);
        assertEquals("SUCCEEDED", runs.get(0).get("status"));
        assertEquals(first.runId(), runs.get(0).get("id"));
        assertEquals(first.runId(), retried.runId(), "the retried pod got the first pod's run");
    }

    @Test
    void aPodRetriedAfterAFailedRunStartsItsNextAttempt() throws Exception {
        String job = "fail-on-purpose-" + UUID.randomUUID();
        CronJobPod first = runCronJobCommand(job, "fail-on-purpose");
        assertNotEquals(0, first.exitCode(), "a failed run fails the pod (curl -f): " + first.output());
        CronJobPod retried = runCronJobCommand(job, "fail-on-purpose");
        assertNotEquals(0, retried.exitCode(), "the task fails again: " + retried.output());

        List<Map<String, Object>> runs = given().queryParam("caller", "k8s:batch/" + job)
                .when().get("/api/runs").then().statusCode(200).extract().path("runs");
        assertEquals(2, runs.size(), "the retried pod started a second attempt: " + runs);
        assertEquals(first.runId(), runs.get(1).get("id"));
        assertEquals(retried.runId(), runs.get(0).get("id"));
        assertEquals(2, runs.get(0).get("attempt"));
        assertEquals(first.runId(), runs.get(0).get("firstAttemptId"), "the new attempt is linked to the failed run");
    }

    /** What a pod of the CronJob printed and how it exited. */
    private record CronJobPod(int exitCode, String output, String runId) {}

    /**
     * Runs the CronJob container's command as the pod would (/bin/sh -c, its environment), with three changes: the
     * service's in-cluster URL becomes this test's, the scratch file a fresh one, and, when {@code task} is given,
     * the task in the URL (with an empty body) another one.
     */
    private CronJobPod runCronJobCommand(String jobName, String task) throws Exception {
        Map<String, Object> container = map(((List<?>) map(map(map(map(map(cronJob().get("spec"))
                .get("jobTemplate")).get("spec")).get("template")).get("spec")).get("containers")).get(0));
        List<?> command = (List<?>) container.get("command");
        String script = (String) ((List<?>) container.get("args")).get(0);
        Path scratch = Files.createTempFile("cronjob-run", ".json");
        script = script.replace("http://ormtask/", baseUrl.toString()).replace("/tmp/run.json", scratch.toString());
        if (task != null) {
            script = script.replace("/api/tasks/purge-expired-sessions/", "/api/tasks/" + task + "/")
                    .replace("-d '{\"olderThanDays\": 30}'", "-d '{}'");
        }
        List<String> argv = new ArrayList<>(command.stream().map(String::valueOf).toList());
        argv.add(script);
        ProcessBuilder pod = new ProcessBuilder(argv).redirectErrorStream(true);
        for (Object item : (List<?>) container.get("env")) {
            String name = (String) map(item).get("name");
            pod.environment().put(name, switch (name) {
                case "JOB_NAME" -> jobName;
                case "NAMESPACE" -> "batch";
                default -> "unused-with-authentication-off-in-tests";
            });
        }
        Process process = pod.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ends");
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(output);
        return new CronJobPod(process.exitValue(), output, id.find() ? id.group(1) : null);
    }

    private static Map<String, Object> cronJob() throws IOException {
        return map(new Yaml().load(Files.readString(CRONJOB)));
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
