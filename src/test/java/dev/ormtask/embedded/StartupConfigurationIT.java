package dev.ormtask.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.testsupport.PackagedJar;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service configured the way Kubernetes configures it, through its process environment: per-task
 * overrides under their documented variable names take effect, and configuration the service cannot trust (an
 * override of a task that does not exist, an empty admin token file, one token for two clients) stops the start with
 * a message that names what is wrong. A clean start logs no warning that looks like a fault.
 */
class StartupConfigurationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "startup-it-admin-token-0001";

    @TempDir
    Path dataDir;

    @Test
    void perTaskOverridesFromTheEnvironmentTakeEffect() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN);
        env.put("ORMTASK_TASKS__PURGE_EXPIRED_SESSIONS__CRON", "0 30 3 * * ?");
        env.put("ORMTASK_TASKS__PURGE_EXPIRED_SESSIONS__TIME_ZONE", "Europe/Paris");
        env.put("ORMTASK_TASKS__MONTHLY_REQUEST_COUNT__CRON", "off");
        env.put("ORMTASK_TASKS__HOLD_TRANSACTION__TIMEOUT", "7s");
        env.put("ORMTASK_TASKS__FAIL_ON_PURPOSE__ENABLED", "false");
        try (PackagedJar service = PackagedJar.start("startup-overrides", dataDir, env).awaitReady()) {
            JsonNode purge = task(service, "purge-expired-sessions");
            assertEquals("0 30 3 * * ?", purge.path("cron").asText(), purge.toString());
            assertEquals("Europe/Paris", purge.path("timeZone").asText(), purge.toString());
            assertTrue(task(service, "monthly-request-count").path("cron").isNull(), "cron off: API only");
            assertEquals(7, task(service, "hold-transaction").path("timeoutSeconds").asInt());
            HttpResponse<String> disabled = service.post("/api/tasks/fail-on-purpose/runs", TOKEN, "{}");
            assertEquals(409, disabled.statusCode(), disabled.body());

            // D: a clean start prints no warning that looks like a fault.
            String log = service.log();
            assertFalse(log.contains("newer than the version Flyway has been verified with"), "Flyway's H2 notice");
            assertFalse(log.contains("sets unsupported properties"), "Hibernate's unsupported-properties warning");
            assertFalse(log.lines().anyMatch(line -> line.contains(" ERROR ")), "an ERROR at start-up:\n" + log);
            assertFalse(log.contains("DB_CLOSE_ON_EXIT"), "the embedded default's H2 URLs keep their databases open");
        }
    }

    @Test
    void settingsThatWouldFailQuietlyAreNamedAtStart() throws Exception {
        // The URL the README showed for a task datasource: at SIGTERM its runs failed ("Database is already closed").
        // A mistyped variable was ignored without a word; Kubernetes' own for a Service named ormtask are no typo.
        try (PackagedJar service = PackagedJar.start("startup-h2-close", dataDir, Map.of(
                "ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN,
                "QUARKUS_DATASOURCE__APP__JDBC_URL", "jdbc:h2:file:" + dataDir.resolve("app"),
                "ORMTASK_RUN_WORKRS", "4", "ORMTASK_SERVICE_HOST", "10.0.0.1"))) {
            service.awaitReady();
            String log = service.log();
            assertTrue(log.contains("Environment variable ORMTASK_RUN_WORKRS sets nothing and is ignored (did you mean"
                    + " ORMTASK_RUN_WORKERS?)"), log);
            assertFalse(log.contains("ORMTASK_SERVICE_HOST"), log);
            assertFalse(log.contains("ORMTASK_SECURITY_TOKENS sets nothing"), log);
            assertTrue(log.contains("WARN") && log.contains("Datasource 'app' is an embedded H2 database without"
                    + " DB_CLOSE_ON_EXIT=FALSE in its URL"), log);
            assertFalse(log.contains("Datasource '<default>' is an embedded H2"), "history's URL has it: " + log);
        }
    }

    @Test
    void anOverrideOfATaskThatDoesNotExistStopsTheStartNamingTheVariable() throws Exception {
        try (PackagedJar service = PackagedJar.start("startup-unknown-task", dataDir, Map.of(
                "ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN, "ORMTASK_TASKS__LEDGER_TICK__CRON", "0 0 * * * ?"))) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            assertTrue(log.contains("ORMTASK_TASKS__LEDGER_TICK__CRON (environment variable)"), log);
            assertTrue(log.contains("purge-expired-sessions"), "lists the tasks there are: " + log);
            // and no background job ran ahead of the start and failed on the same setting
            assertNoStackTrace(log);
        }
    }

    @Test
    void settingsOutOfRangeStopTheStartNamingEachKey() throws Exception {
        try (PackagedJar service = PackagedJar.start("startup-out-of-range", dataDir, Map.of(
                "ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN, "ORMTASK_RUN_WORKERS", "0",
                "ORMTASK_RUN_HEARTBEAT_INTERVAL", "500ms", "ORMTASK_DASHBOARD_RECENT_RUNS", "1000"))) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            // Before: a bare IllegalArgumentException from a thread pool for workers=0, and a heartbeat silently run
            // once a second (the scheduler's finest) while liveness reckoned with 500 ms.
            assertTrue(log.contains("ormtask.run.workers must be greater than or equal to 1"), log);
            assertTrue(log.contains("ormtask.run.heartbeat-interval must be longer than or equal to 1 second"), log);
            assertTrue(log.contains("ormtask.dashboard.recent-runs must be less than or equal to 100"), log);
        }
    }

    @Test
    void anEmptyAdminTokenFileStopsTheStartInsteadOfLettingAnEmptyPasswordIn() throws Exception {
        Path file = dataDir.resolve("admin-token");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (PackagedJar service = PackagedJar.start("startup-empty-token", dataDir, Map.of())) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            assertTrue(log.contains("The admin token file " + file.toAbsolutePath() + " is empty"), log);
            assertTrue(log.contains("Delete the file to have a new token generated"), log);
            assertNoStackTrace(log);
        }
    }

    @Test
    void oneTokenForTwoClientsStopsTheStartNamingBothClientsButNotTheToken() throws Exception {
        String shared = "shared-by-alice-and-bob-01";
        try (PackagedJar service = PackagedJar.start("startup-shared-token", dataDir,
                Map.of("ORMTASK_SECURITY_TOKENS", "alice:viewer:" + shared + ",bob:admin:" + shared))) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            assertTrue(log.contains("clients 'alice' and 'bob' have the same token"), log);
            assertFalse(log.contains(shared), "the token is not in the log");
            assertNoStackTrace(log);
        }
    }

    @Test
    void aTaskThatCannotWorkATokenTooShortOrADefaultWaitOverTheMaxStopsTheStartWithItsMessageAlone() throws Exception {
        // A task that cannot work (here a cron that is none); before, its message sat under a 50-line stack trace.
        try (PackagedJar service = PackagedJar.start("startup-bad-cron", dataDir, Map.of(
                "ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN, "ORMTASK_TASKS__HOLD_TRANSACTION__CRON", "not a cron"))) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            assertTrue(log.contains("ORM task hold-transaction"), log);
            assertNoStackTrace(log);
        }
        try (PackagedJar service = PackagedJar.start("startup-short-token", dataDir.resolve("short"),
                Map.of("ORMTASK_SECURITY_TOKENS", "alice:viewer:short"))) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            assertTrue(log.contains("ormtask.security.tokens: entry 1 is not name:role[+role]:token"), log);
            assertNoStackTrace(log);
        }
        // A lower max-wait alone (for a proxy's timeout) would have let starts that say nothing wait the 30 s default.
        try (PackagedJar service = PackagedJar.start("startup-default-wait", dataDir.resolve("wait"),
                Map.of("ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN, "ORMTASK_API_MAX_WAIT", "10s"))) {
            assertNotEquals(0, service.awaitExit());
            String log = service.log();
            assertTrue(log.contains("ormtask.api.default-wait (30s) is longer than ormtask.api.max-wait (10s)"), log);
            assertNoStackTrace(log);
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryStopsAtOnceSayingSo() throws Exception {
        // It retried H2's "Database may be already in use" as an unreachable database for two minutes, then stopped
        // with a stack trace (outside check).
        try (PackagedJar first = PackagedJar.start("startup-data-dir-owner", dataDir,
                Map.of("ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN)).awaitReady();
                PackagedJar second = PackagedJar.start("startup-data-dir-second", dataDir,
                        Map.of("ORMTASK_SECURITY_TOKENS", "it:admin:" + TOKEN))) {
            assertNotEquals(0, second.awaitExit());
            String log = second.log();
            assertTrue(log.contains("The data directory " + dataDir.toAbsolutePath() + " is in use by another"
                    + " process"), log);
            assertTrue(log.contains("give each process its own ORMTASK_DATA_DIR"), log);
            assertFalse(log.contains("Connection error"), "no retries of the locked database:\n" + log);
            assertNoStackTrace(log);
            assertEquals(200, first.get("/q/health/ready", TOKEN).statusCode(), "the first process still serves");
        }
    }

    /**
     * The start's own message alone: Quarkus prints a configuration error's message as it is, any other exception as
     * an ERROR "Failed to start" with its stack trace.
     */
    private static void assertNoStackTrace(String log) {
        assertEquals(0, log.lines().filter(line -> line.startsWith("\tat ") || line.contains(" ERROR ")
                || line.contains("Failed to start")).count(), log);
    }

    private static JsonNode task(PackagedJar service, String name) throws Exception {
        HttpResponse<String> response = service.get("/api/tasks/" + name, TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
