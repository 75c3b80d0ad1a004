package dev.ormtask.settings;

import dev.ormtask.api.ApiConfig;
import dev.ormtask.api.DashboardConfig;
import dev.ormtask.config.SettingNames;
import dev.ormtask.datasource.DataSourceConfig;
import dev.ormtask.history.HistoryConfig;
import dev.ormtask.run.RunConfig;
import dev.ormtask.run.RunLogConfig;
import dev.ormtask.schedule.ScheduleConfig;
import dev.ormtask.security.SecurityConfig;
import dev.ormtask.task.TaskDefaultsConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Names at start each {@code ORMTASK_*} environment variable that sets nothing: a mistyped one
 * ({@code ORMTASK_RUN_WORKRS}) was ignored without a word, the service running on the default. A warning, not a
 * refused start: Kubernetes gives a pod variables of its own for a Service named {@code ormtask}
 * ({@code ORMTASK_SERVICE_HOST}, {@code ORMTASK_PORT_8080_TCP}), which are left alone. Per-task variables
 * ({@code ORMTASK_TASKS__…}) are checked where tasks are known, and refuse the start.
 */
@Singleton
class UnknownVariables {

    private static final Logger LOG = Logger.getLogger(UnknownVariables.class);

    /** The settings read through {@code @ConfigMapping}, one interface per concern. */
    static final List<Class<?>> MAPPINGS = List.of(ApiConfig.class, DashboardConfig.class, DataSourceConfig.class,
            HistoryConfig.class, RunConfig.class, RunLogConfig.class, ScheduleConfig.class, SecurityConfig.class,
            TaskDefaultsConfig.class);

    /** The variables application.properties reads by name ({@code ${ORMTASK_DB_URL:}}). */
    static final Set<String> READ_BY_NAME = Set.of("ORMTASK_DATA_DIR", "ORMTASK_LOG_JSON", "ORMTASK_SHUTDOWN_DELAY",
            "ORMTASK_SHUTDOWN_TIMEOUT", "ORMTASK_DB_URL", "ORMTASK_DB_USER", "ORMTASK_DB_PASSWORD",
            "ORMTASK_DB_POOL_SIZE", "ORMTASK_DB_CONNECT_RETRIES", "ORMTASK_DB_CONNECT_RETRY_INTERVAL");
    /** The test suite's own (a PostgreSQL server for the tests), often set where the service is started too. */
    static final Set<String> READ_BY_TESTS = Set.of("ORMTASK_TEST_PG_URL");

    // What Kubernetes derives from a Service named "ormtask" (enableServiceLinks), and the per-task variables.
    private static final Pattern NOT_OURS_HERE = Pattern.compile("ORMTASK_(SERVICE_HOST|SERVICE_PORT.*|PORT|PORT_.*|TASKS_.*)");

    // After the start's own checks (task overrides), so that their error, if any, is what a failed start shows.
    void check(@Observes @Priority(Integer.MAX_VALUE - 1) StartupEvent event) {
        for (String line : warnings(System.getenv().keySet(), known())) {
            LOG.warn(line);
        }
    }

    /** Every variable name a setting of this service is read from. */
    static Set<String> known() {
        Set<String> names = new TreeSet<>(READ_BY_NAME);
        names.addAll(READ_BY_TESTS);
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (String key : ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)).keySet()) {
                names.add(SettingNames.variable(key));
            }
        }
        return names;
    }

    /** One warning per {@code ORMTASK_*} variable that is not one of {@code known}, with the nearest known name. */
    static List<String> warnings(Collection<String> environment, Set<String> known) {
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(environment)) {
            if (!name.startsWith("ORMTASK_") || known.contains(name) || NOT_OURS_HERE.matcher(name).matches()) {
                continue;
            }
            String nearest = SettingNames.nearest(name, known);
            lines.add("Environment variable " + name + " sets nothing and is ignored"
                    + (nearest == null ? "" : " (did you mean " + nearest + "?)")
                    + "; README, \"Configuration\", lists every setting and its variable");
        }
        return lines;
    }
}
