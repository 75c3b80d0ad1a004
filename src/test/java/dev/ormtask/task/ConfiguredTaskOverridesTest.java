package dev.ormtask.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * Per-task overrides as MicroProfile Config resolves them: from properties and from environment variables, the way
 * a Kubernetes Deployment sets them. (TaskOverridesEnvIT sets them in a started service's real environment.)
 */
class ConfiguredTaskOverridesTest {

    private static final List<String> TASKS = List.of("ledger-tick", "purge-expired-sessions");

    private static ConfiguredTaskOverrides overrides(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 100, new DurationConverter())
                .build();
        return new ConfiguredTaskOverrides(config);
    }

    private static TaskOverridesConfig.TaskOverrides of(ConfiguredTaskOverrides overrides, String task) {
        overrides.checkOnlyKnownTasks(TASKS);
        return overrides.forTask(task).orElseThrow();
    }

    @Test
    void theDocumentedEnvironmentNamesSetEveryProperty() {
        ConfiguredTaskOverrides overrides = overrides(Map.of(), Map.of(
                "ORMTASK_TASKS__LEDGER_TICK__CRON", "0 */5 * * * ?",
                "ORMTASK_TASKS__LEDGER_TICK__TIME_ZONE", "Europe/Paris",
                "ORMTASK_TASKS__LEDGER_TICK__TIMEOUT", "90s",
                "ORMTASK_TASKS__LEDGER_TICK__ENABLED", "false",
                "ORMTASK_TASKS__LEDGER_TICK__CONCURRENCY", "FORBID",
                "ORMTASK_TASKS__LEDGER_TICK__MISFIRE", "RUN_ONCE",
                "ORMTASK_TASKS__LEDGER_TICK__MAX_ATTEMPTS", "3",
                "ORMTASK_TASKS__LEDGER_TICK__RETRY_BACKOFF", "2s",
                "ORMTASK_TASKS__LEDGER_TICK__REQUIRED_ROLE", "ledger"));
        TaskOverridesConfig.TaskOverrides tick = of(overrides, "ledger-tick");
        assertEquals(Optional.of("0 */5 * * * ?"), tick.cron());
        assertEquals(Optional.of("Europe/Paris"), tick.timeZone());
        assertEquals(Optional.of(Duration.ofSeconds(90)), tick.timeout());
        assertEquals(Optional.of(false), tick.enabled());
        assertEquals(Optional.of(ConcurrencyPolicy.FORBID), tick.concurrency());
        assertEquals(Optional.of(MisfirePolicy.RUN_ONCE), tick.misfire());
        assertEquals(Optional.of(3), tick.maxAttempts());
        assertEquals(Optional.of(Duration.ofSeconds(2)), tick.retryBackoff());
        assertEquals(Optional.of("ledger"), tick.requiredRole());
        assertEquals(Optional.empty(), of(overrides, "purge-expired-sessions").cron(), "other tasks keep theirs");
    }

    @Test
    void theEnvironmentNameWithSingleUnderscoresWorksToo() {
        assertEquals(Optional.of(Duration.ofMinutes(2)), of(overrides(Map.of(),
                Map.of("ORMTASK_TASKS_PURGE_EXPIRED_SESSIONS_TIMEOUT", "2m")), "purge-expired-sessions").timeout());
    }

    @Test
    void propertiesWithTheTaskNameQuotedOrNotWork() {
        ConfiguredTaskOverrides overrides = overrides(Map.of(
                "ormtask.tasks.\"ledger-tick\".cron", "off",
                "ormtask.tasks.purge-expired-sessions.enabled", "false"), Map.of());
        assertEquals(Optional.of("off"), of(overrides, "ledger-tick").cron());
        assertEquals(Optional.of(false), of(overrides, "purge-expired-sessions").enabled());
    }

    @Test
    void theEnvironmentWinsOverApplicationProperties() {
        assertEquals(Optional.of("0 0 1 * * ?"), of(overrides(Map.of("ormtask.tasks.\"ledger-tick\".cron", "off"),
                Map.of("ORMTASK_TASKS__LEDGER_TICK__CRON", "0 0 1 * * ?")), "ledger-tick").cron());
    }

    @Test
    void anEnvironmentVariableNamingNoTaskStopsTheStartNamingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> overrides(Map.of(),
                Map.of("ORMTASK_TASKS__LEDGER_TIK__CRON", "off")).checkOnlyKnownTasks(TASKS));
        assertTrue(e.getMessage().contains("ORMTASK_TASKS__LEDGER_TIK__CRON (environment variable; did you mean"
                + " ORMTASK_TASKS__LEDGER_TICK__CRON?)"), e.getMessage());
        assertTrue(e.getMessage().contains("ledger-tick"), "lists the tasks there are: " + e.getMessage());
    }

    @Test
    void aPropertyNamingNoTaskStopsTheStartNamingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> overrides(
                Map.of("ormtask.tasks.\"purge-expired-session\".enabled", "false"), Map.of()).checkOnlyKnownTasks(TASKS));
        assertTrue(e.getMessage().contains("ormtask.tasks.\"purge-expired-session\".enabled"), e.getMessage());
    }

    @Test
    void anUnknownPropertyOfAKnownTaskStopsTheStart() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> overrides(
                Map.of("ormtask.tasks.\"ledger-tick\".crn", "off"), Map.of("ORMTASK_TASKS__LEDGER_TICK__TIMOUT", "1s"))
                .checkOnlyKnownTasks(TASKS));
        assertTrue(e.getMessage().contains("ormtask.tasks.\"ledger-tick\".crn"), e.getMessage());
        assertTrue(e.getMessage().contains("ORMTASK_TASKS__LEDGER_TICK__TIMOUT (environment variable; did you mean"
                + " ORMTASK_TASKS__LEDGER_TICK__TIMEOUT?)"), e.getMessage());
    }

    @Test
    void aValueThatIsNoDurationNamesItsKey() {
        TaskDefinitionException e = assertThrows(TaskDefinitionException.class, () -> overrides(Map.of(),
                Map.of("ORMTASK_TASKS__LEDGER_TICK__TIMEOUT", "soon")).forTask("ledger-tick"));
        assertTrue(e.getMessage().contains("ORMTASK_TASKS__LEDGER_TICK__TIMEOUT"), e.getMessage());
    }
}
