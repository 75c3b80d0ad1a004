package dev.ormtask.task;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.ormtask.datasource.DataSourceCatalog;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a task class's {@link Task} annotation plus its configuration overrides into a checked {@link RegisteredTask}. */
@Singleton
class TaskDefinitionReader {

    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    // Quarkus Scheduler reads Quartz-style cron by default; validate with the same definition.
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final TaskOverridesConfig overrides;
    private final TaskDefaultsConfig defaults;
    private final DataSourceCatalog catalog;

    TaskDefinitionReader(TaskOverridesConfig overrides, TaskDefaultsConfig defaults, DataSourceCatalog catalog) {
        this.overrides = overrides;
        this.defaults = defaults;
        this.catalog = catalog;
    }

    RegisteredTask read(Class<?> beanClass, OrmTask implementation) {
        Task meta = beanClass.getAnnotation(Task.class);
        if (meta == null) {
            throw new TaskDefinitionException(beanClass.getName(), "implements OrmTask but has no @Task annotation");
        }
        String name = meta.name();
        if (!TaskNames.isValid(name)) {
            throw new TaskDefinitionException(
                    "'" + name + "' (" + beanClass.getName() + ")", "the name must match " + TaskNames.PATTERN.pattern());
        }
        Optional<TaskOverridesConfig.TaskOverrides> override = overrides.forTask(name);

        String datasource = meta.datasource().isEmpty() ? DataSourceCatalog.DEFAULT : meta.datasource();
        if (!catalog.exists(datasource)) {
            throw new TaskDefinitionException(name, "unknown datasource '" + datasource + "'; configured datasources: "
                    + catalog.dbKinds().keySet());
        }
        Optional<String> cron = override.flatMap(TaskOverridesConfig.TaskOverrides::cron)
                .or(() -> Optional.of(meta.cron()))
                .filter(c -> !c.isBlank() && !c.equals("off"));
        cron.ifPresent(c -> validateCron(name, c));
        ZoneId zone = zone(name, override.flatMap(TaskOverridesConfig.TaskOverrides::timeZone).orElse(meta.timeZone()));
        Duration timeout = override.flatMap(TaskOverridesConfig.TaskOverrides::timeout)
                .orElseGet(() -> meta.timeout().isEmpty() ? defaults.defaultTimeout() : duration(name, meta.timeout()));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new TaskDefinitionException(name, "the timeout must be positive, not " + timeout);
        }
        boolean enabled = override.flatMap(TaskOverridesConfig.TaskOverrides::enabled).orElse(true);
        ConcurrencyPolicy concurrency =
                override.flatMap(TaskOverridesConfig.TaskOverrides::concurrency).orElse(meta.concurrency());
        MisfirePolicy misfire = override.flatMap(TaskOverridesConfig.TaskOverrides::misfire).orElse(meta.misfire());
        Optional<String> requiredRole = override.flatMap(TaskOverridesConfig.TaskOverrides::requiredRole)
                .or(() -> Optional.of(meta.requiredRole()))
                .filter(r -> !r.isBlank());
        List<ParamSpec> params = params(name, meta.params());
        cron.ifPresent(c -> requireNoRequiredParameter(name, params));
        return new RegisteredTask(name, meta.description(), datasource, cron, zone, timeout, enabled,
                params, concurrency, misfire, requiredRole, retry(name, meta, override), implementation);
    }

    private static RetryPolicy retry(String name, Task meta, Optional<TaskOverridesConfig.TaskOverrides> override) {
        int attempts = override.flatMap(TaskOverridesConfig.TaskOverrides::maxAttempts).orElse(meta.maxAttempts());
        if (attempts < 1 || attempts > 100) {
            throw new TaskDefinitionException(name, "maxAttempts must be between 1 and 100, not " + attempts);
        }
        Duration backoff = override.flatMap(TaskOverridesConfig.TaskOverrides::retryBackoff)
                .orElseGet(() -> duration(name, meta.retryBackoff()));
        return new RetryPolicy(attempts, backoff);
    }

    private static void validateCron(String task, String cron) {
        try {
            CRON.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            throw new TaskDefinitionException(task, "invalid cron '" + cron + "' (Quartz syntax, seconds first, e.g. "
                    + "'0 0 2 1 * ?'): " + e.getMessage());
        }
    }

    /*
     * A cron fire starts a run without parameters. A required one would fail every fire (and, found only at run time,
     * record nothing): refused here, when the service starts, instead.
     */
    private static void requireNoRequiredParameter(String task, List<ParamSpec> params) {
        List<String> required = params.stream().filter(ParamSpec::required).map(ParamSpec::name).toList();
        if (!required.isEmpty()) {
            throw new TaskDefinitionException(task, "it has a cron, but a scheduled run has no parameters and "
                    + (required.size() == 1 ? "parameter '" + required.get(0) + "' is" : "parameters " + required
                    + " are") + " required; give each a default (@TaskParam(defaultValue = …)) or remove the cron"
                    + " (ormtask.tasks.\"" + task + "\".cron=off)");
        }
    }

    private static ZoneId zone(String task, String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new TaskDefinitionException(task, "unknown time zone '" + zone + "'");
        }
    }

    private static Duration duration(String task, String text) {
        Duration parsed;
        try {
            parsed = io.quarkus.runtime.configuration.DurationConverter.parseDuration(text.strip());
        } catch (IllegalArgumentException | ArithmeticException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw new TaskDefinitionException(task, "invalid timeout '" + text + "'; write e.g. 30s, 5m or PT1H");
        }
        return parsed;
    }

    private static List<ParamSpec> params(String task, TaskParam[] declared) {
        List<ParamSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TaskParam p : declared) {
            if (!PARAM_NAME.matcher(p.name()).matches()) {
                throw new TaskDefinitionException(task, "parameter name '" + p.name() + "' must match " + PARAM_NAME.pattern());
            }
            if (!seen.add(p.name())) {
                throw new TaskDefinitionException(task, "parameter '" + p.name() + "' is declared twice");
            }
            Object defaultValue = null;
            if (!p.defaultValue().isEmpty()) {
                if (p.required()) {
                    throw new TaskDefinitionException(task, "parameter '" + p.name() + "' is required and has a default; choose one");
                }
                defaultValue = p.type().fromText(p.defaultValue());
                if (defaultValue == null) {
                    throw new TaskDefinitionException(task, "default '" + p.defaultValue() + "' of parameter '" + p.name()
                            + "' is not " + p.type().expected());
                }
            }
            Object min = bound(task, p, "min", p.min());
            Object max = bound(task, p, "max", p.max());
            if (min != null && max != null && p.type().compare(min, max) > 0) {
                throw new TaskDefinitionException(task, "parameter '" + p.name() + "' has min " + p.min()
                        + " above its max " + p.max());
            }
            ParamSpec spec = new ParamSpec(p.name(), p.type(), p.required(), defaultValue, p.description(), p.secret(),
                    min, max);
            // A default outside the range would fail every start that leaves the parameter out, cron fires included.
            if (defaultValue != null && spec.outOfRange(defaultValue) != null) {
                throw new TaskDefinitionException(task, "default '" + p.defaultValue() + "' of parameter '" + p.name()
                        + "' is outside its range: it must be " + spec.range());
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /** A declared {@code min} or {@code max} as a value of the parameter's type; null when none is declared. */
    private static Object bound(String task, TaskParam p, String which, String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (!p.type().ordered()) {
            throw new TaskDefinitionException(task, "parameter '" + p.name() + "' is " + p.type() + " and cannot have a "
                    + which + "; only INT, LONG, DECIMAL, DATE and DATETIME parameters can");
        }
        Object value = p.type().fromText(text);
        if (value == null) {
            throw new TaskDefinitionException(task, which + " '" + text + "' of parameter '" + p.name() + "' is not "
                    + p.type().expected());
        }
        return value;
    }
}
