package dev.ormtask.task;

import dev.ormtask.config.SettingNames;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@code ormtask.tasks."name".*} by each registered task's name. A {@code @ConfigMapping} map cannot do this
 * from the environment: {@code ORMTASK_TASKS__LEDGER_TICK__CRON} could be task "ledger-tick" or "ledger.tick", so
 * SmallRye does not map it to any key. Asking for {@code ormtask.tasks."ledger-tick".cron} by name does find it, as
 * for any MicroProfile Config property. Keys that name no registered task stop the start, so a typo is not silent.
 */
@Singleton
class ConfiguredTaskOverrides implements TaskOverridesConfig {

    static final String PREFIX = "ormtask.tasks.";
    /** Every property a task override may set. */
    static final List<String> PROPERTIES = List.of("cron", "time-zone", "timeout", "enabled", "concurrency",
            "misfire", "max-attempts", "retry-backoff", "required-role");

    private final Config config;

    ConfiguredTaskOverrides(Config config) {
        this.config = config;
    }

    record Overrides(Optional<String> cron, Optional<String> timeZone, Optional<Duration> timeout,
            Optional<Boolean> enabled, Optional<ConcurrencyPolicy> concurrency, Optional<MisfirePolicy> misfire,
            Optional<Integer> maxAttempts, Optional<Duration> retryBackoff, Optional<String> requiredRole)
            implements TaskOverrides {}

    @Override
    public Optional<TaskOverrides> forTask(String task) {
        return Optional.of(new Overrides(value(task, "cron", String.class), value(task, "time-zone", String.class),
                value(task, "timeout", Duration.class), value(task, "enabled", Boolean.class),
                value(task, "concurrency", ConcurrencyPolicy.class), value(task, "misfire", MisfirePolicy.class),
                value(task, "max-attempts", Integer.class), value(task, "retry-backoff", Duration.class),
                value(task, "required-role", String.class)));
    }

    private <T> Optional<T> value(String task, String property, Class<T> type) {
        String quoted = quoted(task, property);
        try {
            return config.getOptionalValue(quoted, type).or(() -> config.getOptionalValue(plain(task, property), type));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            throw new TaskDefinitionException(task, quoted + " (environment " + SettingNames.variable(quoted)
                    + ") is not a valid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void checkOnlyKnownTasks(Collection<String> known) {
        Set<String> names = new TreeSet<>();
        config.getPropertyNames().forEach(names::add);
        List<String> environment = environmentNames(known);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String key = withoutActiveProfile(name);
            if (key == null) {
                continue;
            }
            if (key.startsWith(PREFIX)) {
                // SmallRye also lists an environment variable under a dotted name it guesses for it ("ledger.tick"
                // for LEDGER_TICK); the variable itself is judged below.
                if (!names(key, known) && !names.contains(SettingNames.variable(key))) {
                    unknown.add(key);
                }
            } else if (key.startsWith("ORMTASK_TASKS_") && key.equals(key.toUpperCase(Locale.ROOT))
                    && !environment.contains(key)) {
                String meant = SettingNames.nearest(key, environment);
                unknown.add(key + " (environment variable" + (meant == null ? "" : "; did you mean " + meant + "?")
                        + ")");
            }
        }
        if (!unknown.isEmpty()) {
            // A ConfigurationException: Quarkus prints its message alone, where any other failure of the start came
            // inside some 35 lines of stack trace (outside check).
            throw new ConfigurationException("Task overrides that name no registered task or no known property: "
                    + unknown + ". Write ormtask.tasks.\"<task>\".<property> (environment ORMTASK_TASKS__<TASK>__"
                    + "<PROPERTY>, the task's name in capitals with _ for -); tasks: " + new TreeSet<>(known)
                    + "; properties: " + PROPERTIES);
        }
    }

    /** True when {@code key} is ormtask.tasks.&lt;task&gt;.&lt;property&gt; (task quoted or not) of a known task. */
    private static boolean names(String key, Collection<String> known) {
        String rest = key.substring(PREFIX.length());
        String task;
        String property;
        if (rest.startsWith("\"")) {
            int close = rest.indexOf('"', 1);
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != '.') {
                return false;
            }
            task = rest.substring(1, close);
            property = rest.substring(close + 2);
        } else {
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return false;
            }
            task = rest.substring(0, dot);
            property = rest.substring(dot + 1);
        }
        return known.contains(task) && PROPERTIES.contains(property);
    }

    private static List<String> environmentNames(Collection<String> known) {
        List<String> names = new ArrayList<>();
        for (String task : known) {
            for (String property : PROPERTIES) {
                names.add(SettingNames.variable(quoted(task, property)));
                names.add(SettingNames.variable(plain(task, property)));
            }
        }
        return names;
    }

    /** The key as configured for the running profile, or null when it belongs to another profile. */
    private String withoutActiveProfile(String name) {
        if (!name.startsWith("%")) {
            return name;
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
            return null;
        }
        List<String> profiles = List.of(name.substring(1, dot).split(","));
        List<String> active = config.unwrap(SmallRyeConfig.class).getProfiles();
        return profiles.stream().anyMatch(active::contains) ? name.substring(dot + 1) : null;
    }

    static String quoted(String task, String property) {
        return PREFIX + "\"" + task + "\"." + property;
    }

    static String plain(String task, String property) {
        return PREFIX + task + "." + property;
    }
}
