package dev.ormtask.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.datasource.DataSourceCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskDefinitionReaderTest {

    private static final TaskDefaultsConfig DEFAULTS = () -> Duration.ofMinutes(5);

    private static final DataSourceCatalog CATALOG = new DataSourceCatalog(Map.of("<default>", "h2", "app", "postgresql"));

    /** One task's overrides, as configuration would give them. */
    record Overrides(Optional<String> cron, Optional<String> timeZone, Optional<Duration> timeout,
            Optional<Boolean> enabled, Optional<ConcurrencyPolicy> concurrency, Optional<MisfirePolicy> misfire,
            Optional<String> requiredRole, Optional<Integer> maxAttempts, Optional<Duration> retryBackoff)
            implements TaskOverridesConfig.TaskOverrides {

        static Overrides none() {
            return new Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        Overrides cron(String value) {
            return new Overrides(Optional.of(value), timeZone, timeout, enabled, concurrency, misfire, requiredRole, maxAttempts,
                    retryBackoff);
        }

        Overrides timeZone(String value) {
            return new Overrides(cron, Optional.of(value), timeout, enabled, concurrency, misfire, requiredRole, maxAttempts,
                    retryBackoff);
        }

        Overrides timeout(Duration value) {
            return new Overrides(cron, timeZone, Optional.of(value), enabled, concurrency, misfire, requiredRole, maxAttempts,
                    retryBackoff);
        }

        Overrides enabled(boolean value) {
            return new Overrides(cron, timeZone, timeout, Optional.of(value), concurrency, misfire, requiredRole, maxAttempts,
                    retryBackoff);
        }
    }

    private static TaskDefinitionReader reader() {
        return reader(Map.of());
    }

    private static TaskDefinitionReader reader(Map<String, TaskOverridesConfig.TaskOverrides> overrides) {
        TaskOverridesConfig config = name -> Optional.ofNullable(overrides.get(name));
        return new TaskDefinitionReader(config, DEFAULTS, CATALOG);
    }

    private static RegisteredTask read(Class<? extends OrmTask> type) {
        return reader().read(type, instance(type));
    }

    private static OrmTask instance(Class<? extends OrmTask> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that reading the class fails, and that the message names the task and contains the problem. */
    private static TaskDefinitionException assertRejected(Class<? extends OrmTask> type, String taskName,
            String problem) {
        TaskDefinitionException e = assertThrows(TaskDefinitionException.class, () -> read(type));
        assertTrue(e.getMessage().contains(taskName), "task not named: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "problem not named: " + e.getMessage());
        return e;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Task classes. They are not CDI beans (no scope annotation), only annotated types for the reader.
    // ---------------------------------------------------------------------------------------------------------------

    static final String SIXTY_FOUR = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01";

    @Task(name = "full-task", datasource = "app", description = "Does everything", cron = "0 0 2 1 * ?",
            timeZone = "Europe/Berlin", timeout = "30s", params = {
                @TaskParam(name = "olderThanDays", type = ParamType.INT, defaultValue = "30", description = "days"),
                @TaskParam(name = "from", type = ParamType.DATE),
                @TaskParam(name = "maxRows", type = ParamType.LONG, defaultValue = "10000000000"),
                @TaskParam(name = "rate", type = ParamType.DECIMAL, defaultValue = "0.25"),
                @TaskParam(name = "verbose", type = ParamType.BOOLEAN, defaultValue = "false"),
                @TaskParam(name = "day", type = ParamType.DATE, defaultValue = "2026-01-31"),
                @TaskParam(name = "at", type = ParamType.DATETIME, defaultValue = "2026-01-31T02:00:00+01:00"),
                @TaskParam(name = "label", defaultValue = "monthly"),
                @TaskParam(name = "note")
            })
    static class FullTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "needs-month", params = @TaskParam(name = "month", type = ParamType.DATE, required = true))
    static class RequiredParamTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "scheduled-needs-month", cron = "0 0 2 1 * ?", params = {
        @TaskParam(name = "month", type = ParamType.DATE, required = true),
        @TaskParam(name = "region", required = true),
        @TaskParam(name = "dryRunFirst", type = ParamType.BOOLEAN, defaultValue = "false")
    })
    static class ScheduledRequiredParamTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "far-future-default", params = @TaskParam(name = "until", type = ParamType.DATE,
            defaultValue = "+10000-01-01"))
    static class FarFutureDefaultTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "minimal")
    static class MinimalTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "hourly-timeout", timeout = "PT1H")
    static class IsoTimeoutTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "minutes-timeout", timeout = "5m")
    static class MinutesTimeoutTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = SIXTY_FOUR)
    static class LongestNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "Upper-Case")
    static class UpperCaseNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = SIXTY_FOUR + "x")
    static class TooLongNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "-leading-dash")
    static class LeadingDashNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "")
    static class EmptyNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "lost-datasource", datasource = "nope")
    static class UnknownDataSourceTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-cron", cron = "0 0 25 * * ?")
    static class InvalidCronTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "unix-cron", cron = "0 2 * * *")
    static class FiveFieldCronTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-zone", timeZone = "Mars/Olympus_Mons")
    static class UnknownZoneTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-timeout", timeout = "soon")
    static class InvalidTimeoutTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "zero-timeout", timeout = "0s")
    static class ZeroTimeoutTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "negative-timeout", timeout = "-5s")
    static class NegativeTimeoutTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "twice", params = {@TaskParam(name = "days"), @TaskParam(name = "days", type = ParamType.INT)})
    static class DuplicateParamTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "dashed-param", params = @TaskParam(name = "older-than"))
    static class DashedParamNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "digit-param", params = @TaskParam(name = "1st"))
    static class DigitFirstParamNameTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "required-default", params = @TaskParam(name = "days", type = ParamType.INT, required = true,
            defaultValue = "30"))
    static class RequiredWithDefaultTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-int-default", params = @TaskParam(name = "days", type = ParamType.INT, defaultValue = "thirty"))
    static class UnparsableIntDefaultTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-date-default", params = @TaskParam(name = "day", type = ParamType.DATE,
            defaultValue = "2026-13-01"))
    static class UnparsableDateDefaultTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-bool-default", params = @TaskParam(name = "flag", type = ParamType.BOOLEAN, defaultValue = "yes"))
    static class UnparsableBooleanDefaultTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-datetime-default", params = @TaskParam(name = "at", type = ParamType.DATETIME,
            defaultValue = "2026-01-31T02:00:00"))
    static class DateTimeDefaultWithoutOffsetTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bounded", params = {
            @TaskParam(name = "count", type = ParamType.INT, defaultValue = "10", min = "1", max = "100"),
            @TaskParam(name = "rate", type = ParamType.DECIMAL, min = "0.5"),
            @TaskParam(name = "until", type = ParamType.DATE, max = "2030-12-31")
    })
    static class BoundedTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "string-min", params = @TaskParam(name = "label", min = "a"))
    static class StringWithMinTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "bad-max", params = @TaskParam(name = "days", type = ParamType.INT, max = "ten"))
    static class UnparsableMaxTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "min-above-max", params = @TaskParam(name = "days", type = ParamType.INT, min = "10", max = "1"))
    static class MinAboveMaxTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    @Task(name = "default-out-of-range", params = @TaskParam(name = "days", type = ParamType.INT, defaultValue = "0",
            min = "1"))
    static class DefaultOutOfRangeTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    static class UnannotatedTask implements OrmTask {
        @Override
        public Object run(TaskContext ctx) {
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Valid declarations
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void readsEveryAttributeOfValidTask() {
        OrmTask implementation = new FullTask();
        RegisteredTask task = reader().read(FullTask.class, implementation);

        assertEquals("full-task", task.name());
        assertEquals("Does everything", task.description());
        assertEquals("app", task.datasource());
        assertEquals(Optional.of("0 0 2 1 * ?"), task.cron());
        assertEquals(ZoneId.of("Europe/Berlin"), task.timeZone());
        assertEquals(Duration.ofSeconds(30), task.timeout());
        assertTrue(task.enabled());
        assertSame(implementation, task.implementation());
    }

    @Test
    void readsParametersInDeclarationOrderWithTypedDefaults() {
        List<ParamSpec> params = read(FullTask.class).params();

        assertEquals(List.of("olderThanDays", "from", "maxRows", "rate", "verbose", "day", "at", "label", "note"),
                params.stream().map(ParamSpec::name).toList());
        assertEquals(new ParamSpec("olderThanDays", ParamType.INT, false, 30, "days"), params.get(0));
        assertInstanceOf(Integer.class, params.get(0).defaultValue());
        assertEquals(new ParamSpec("from", ParamType.DATE, false, null, ""), params.get(1));
        assertEquals(10_000_000_000L, params.get(2).defaultValue());
        assertEquals(new BigDecimal("0.25"), params.get(3).defaultValue());
        assertEquals(Boolean.FALSE, params.get(4).defaultValue());
        assertEquals(LocalDate.of(2026, 1, 31), params.get(5).defaultValue());
        assertEquals(OffsetDateTime.of(2026, 1, 31, 2, 0, 0, 0, ZoneOffset.ofHours(1)), params.get(6).defaultValue());
        assertEquals(new ParamSpec("label", ParamType.STRING, false, "monthly", ""), params.get(7));
        assertEquals(new ParamSpec("note", ParamType.STRING, false, null, ""), params.get(8));
    }

    @Test
    void appliesDefaultsOfMinimalDeclaration() {
        RegisteredTask task = read(MinimalTask.class);

        assertEquals("minimal", task.name());
        assertEquals(DataSourceCatalog.DEFAULT, task.datasource());
        assertEquals("<default>", task.datasource());
        assertEquals(Optional.empty(), task.cron());
        assertEquals(ZoneId.of("UTC"), task.timeZone());
        assertEquals(Duration.ofMinutes(5), task.timeout());
        assertTrue(task.enabled());
        assertEquals(List.of(), task.params());
        assertEquals("", task.description());
    }

    @Test
    void parsesIsoTimeout() {
        assertEquals(Duration.ofHours(1), read(IsoTimeoutTask.class).timeout());
    }

    @Test
    void parsesMinutesTimeout() {
        assertEquals(Duration.ofMinutes(5), read(MinutesTimeoutTask.class).timeout());
    }

    @Test
    void acceptsNameOfSixtyFourCharacters() {
        assertEquals(64, SIXTY_FOUR.length());
        assertEquals(SIXTY_FOUR, read(LongestNameTask.class).name());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invalid declarations
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void rejectsUppercaseName() {
        TaskDefinitionException e = assertRejected(UpperCaseNameTask.class, "'Upper-Case'", "the name must match");
        assertTrue(e.getMessage().contains(UpperCaseNameTask.class.getName()), e.getMessage());
    }

    @Test
    void rejectsNameOfSixtyFiveCharacters() {
        assertEquals(65, (SIXTY_FOUR + "x").length());
        assertRejected(TooLongNameTask.class, "'" + SIXTY_FOUR + "x'", "the name must match");
    }

    @Test
    void rejectsNameWithLeadingDash() {
        assertRejected(LeadingDashNameTask.class, "'-leading-dash'", "the name must match");
    }

    @Test
    void rejectsEmptyName() {
        assertRejected(EmptyNameTask.class, EmptyNameTask.class.getName(), "the name must match");
    }

    @Test
    void rejectsUnknownDatasourceAndListsConfiguredOnes() {
        TaskDefinitionException e =
                assertRejected(UnknownDataSourceTask.class, "lost-datasource", "unknown datasource 'nope'");
        assertTrue(e.getMessage().contains("<default>") && e.getMessage().contains("app"), e.getMessage());
    }

    @Test
    void rejectsCronWithHourOutOfRange() {
        assertRejected(InvalidCronTask.class, "bad-cron", "invalid cron '0 0 25 * * ?'");
    }

    @Test
    void rejectsFiveFieldUnixCron() {
        assertRejected(FiveFieldCronTask.class, "unix-cron", "invalid cron '0 2 * * *'");
    }

    @Test
    void rejectsUnknownTimeZone() {
        assertRejected(UnknownZoneTask.class, "bad-zone", "unknown time zone 'Mars/Olympus_Mons'");
    }

    @Test
    void rejectsUnparsableTimeout() {
        assertRejected(InvalidTimeoutTask.class, "bad-timeout", "invalid timeout 'soon'");
    }

    @Test
    void rejectsZeroTimeout() {
        assertRejected(ZeroTimeoutTask.class, "zero-timeout", "the timeout must be positive");
    }

    @Test
    void rejectsNegativeTimeout() {
        assertRejected(NegativeTimeoutTask.class, "negative-timeout", "the timeout must be positive");
    }

    @Test
    void rejectsDuplicateParameterName() {
        assertRejected(DuplicateParamTask.class, "twice", "parameter 'days' is declared twice");
    }

    @Test
    void rejectsParameterNameWithDash() {
        assertRejected(DashedParamNameTask.class, "dashed-param", "parameter name 'older-than' must match");
    }

    @Test
    void rejectsParameterNameStartingWithDigit() {
        assertRejected(DigitFirstParamNameTask.class, "digit-param", "parameter name '1st' must match");
    }

    @Test
    void rejectsRequiredParameterWithDefault() {
        assertRejected(RequiredWithDefaultTask.class, "required-default",
                "parameter 'days' is required and has a default");
    }

    @Test
    void rejectsIntDefaultThatIsNotANumber() {
        assertRejected(UnparsableIntDefaultTask.class, "bad-int-default",
                "default 'thirty' of parameter 'days' is not " + ParamType.INT.expected());
    }

    @Test
    void rejectsDateDefaultThatIsNotADate() {
        assertRejected(UnparsableDateDefaultTask.class, "bad-date-default",
                "default '2026-13-01' of parameter 'day' is not " + ParamType.DATE.expected());
    }

    @Test
    void rejectsBooleanDefaultOtherThanTrueOrFalse() {
        assertRejected(UnparsableBooleanDefaultTask.class, "bad-bool-default",
                "default 'yes' of parameter 'flag' is not " + ParamType.BOOLEAN.expected());
    }

    @Test
    void rejectsDateTimeDefaultWithoutOffset() {
        assertRejected(DateTimeDefaultWithoutOffsetTask.class, "bad-datetime-default",
                "default '2026-01-31T02:00:00' of parameter 'at'");
    }

    @Test
    void readsBoundsAsValuesOfTheParametersType() {
        List<ParamSpec> params = read(BoundedTask.class).params();
        assertEquals(new ParamSpec("count", ParamType.INT, false, 10, "", false, 1, 100), params.get(0));
        assertEquals(new ParamSpec("rate", ParamType.DECIMAL, false, null, "", false, new BigDecimal("0.5"), null),
                params.get(1));
        assertEquals(new ParamSpec("until", ParamType.DATE, false, null, "", false, null, LocalDate.of(2030, 12, 31)),
                params.get(2));
    }

    @Test
    void rejectsABoundOnAStringParameter() {
        assertRejected(StringWithMinTask.class, "string-min", "parameter 'label' is STRING and cannot have a min");
    }

    @Test
    void rejectsABoundThatIsNotOfTheType() {
        assertRejected(UnparsableMaxTask.class, "bad-max",
                "max 'ten' of parameter 'days' is not " + ParamType.INT.expected());
    }

    @Test
    void rejectsAMinAboveTheMax() {
        assertRejected(MinAboveMaxTask.class, "min-above-max", "parameter 'days' has min 10 above its max 1");
    }

    @Test
    void rejectsADefaultOutsideTheRange() {
        assertRejected(DefaultOutOfRangeTask.class, "default-out-of-range",
                "default '0' of parameter 'days' is outside its range: it must be at least 1");
    }

    @Test
    void readsARequiredParameter() {
        assertEquals(List.of(new ParamSpec("month", ParamType.DATE, true, null, "")),
                read(RequiredParamTask.class).params());
    }

    @Test
    void rejectsACronOnATaskWithRequiredParametersNamingThem() {
        TaskDefinitionException e = assertRejected(ScheduledRequiredParamTask.class, "scheduled-needs-month",
                "a scheduled run has no parameters and parameters [month, region] are required");
        assertTrue(e.getMessage().contains("cron=off"), e.getMessage());
    }

    @Test
    void rejectsACronOverrideOnATaskWithARequiredParameter() {
        TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
                () -> reader(Map.of("needs-month", Overrides.none().cron("0 0 * * * ?")))
                        .read(RequiredParamTask.class, new RequiredParamTask()));
        assertTrue(e.getMessage().contains("needs-month") && e.getMessage().contains("parameter 'month' is required"),
                e.getMessage());
    }

    @Test
    void acceptsATaskWithRequiredParametersWhoseCronIsSwitchedOff() {
        RegisteredTask task = reader(Map.of("scheduled-needs-month", Overrides.none().cron("off")))
                .read(ScheduledRequiredParamTask.class, new ScheduledRequiredParamTask());
        assertEquals(Optional.empty(), task.cron());
    }

    @Test
    void rejectsADateDefaultBeyondTheYear9999() {
        assertRejected(FarFutureDefaultTask.class, "far-future-default",
                "default '+10000-01-01' of parameter 'until' is not " + ParamType.DATE.expected());
    }

    @Test
    void rejectsClassWithoutTaskAnnotation() {
        assertRejected(UnannotatedTask.class, UnannotatedTask.class.getName(), "has no @Task annotation");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Configuration overrides
    // ---------------------------------------------------------------------------------------------------------------

    private static RegisteredTask readFullTaskWith(Overrides overrides) {
        return reader(Map.of("full-task", overrides)).read(FullTask.class, new FullTask());
    }

    @Test
    void cronOverrideReplacesAnnotationCron() {
        assertEquals(Optional.of("0 30 3 * * ?"), readFullTaskWith(Overrides.none().cron("0 30 3 * * ?")).cron());
    }

    @Test
    void cronOverrideOffMakesTaskApiOnly() {
        assertEquals(Optional.empty(), readFullTaskWith(Overrides.none().cron("off")).cron());
    }

    @Test
    void cronOverrideAddsScheduleToTaskWithoutCron() {
        RegisteredTask task = reader(Map.of("minimal", Overrides.none().cron("0 0 * * * ?")))
                .read(MinimalTask.class, new MinimalTask());
        assertEquals(Optional.of("0 0 * * * ?"), task.cron());
    }

    @Test
    void rejectsInvalidCronOverride() {
        TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
                () -> readFullTaskWith(Overrides.none().cron("every night")));
        assertTrue(e.getMessage().contains("full-task") && e.getMessage().contains("invalid cron 'every night'"),
                e.getMessage());
    }

    @Test
    void timeZoneOverrideReplacesAnnotationZone() {
        assertEquals(ZoneId.of("America/New_York"),
                readFullTaskWith(Overrides.none().timeZone("America/New_York")).timeZone());
    }

    @Test
    void timeoutOverrideReplacesAnnotationTimeout() {
        RegisteredTask task = readFullTaskWith(Overrides.none().timeout(Duration.ofMinutes(10)));
        assertEquals(Duration.ofMinutes(10), task.timeout());
    }

    @Test
    void timeoutOverrideReplacesDefaultTimeout() {
        RegisteredTask task = reader(Map.of("minimal", Overrides.none().timeout(Duration.ofSeconds(90))))
                .read(MinimalTask.class, new MinimalTask());
        assertEquals(Duration.ofSeconds(90), task.timeout());
    }

    @Test
    void rejectsZeroTimeoutOverride() {
        TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
                () -> readFullTaskWith(Overrides.none().timeout(Duration.ZERO)));
        assertTrue(e.getMessage().contains("full-task") && e.getMessage().contains("the timeout must be positive"),
                e.getMessage());
    }

    @Test
    void enabledFalseOverrideDisablesTask() {
        RegisteredTask task = readFullTaskWith(Overrides.none().enabled(false));
        assertFalse(task.enabled());
        // Everything else still comes from the annotation.
        assertEquals(Optional.of("0 0 2 1 * ?"), task.cron());
        assertEquals(Duration.ofSeconds(30), task.timeout());
    }

    @Test
    void overridesOfAnotherTaskDoNotApply() {
        RegisteredTask task = reader(Map.of("minimal", Overrides.none().cron("off").enabled(false)
                        .timeout(Duration.ofSeconds(1))))
                .read(FullTask.class, new FullTask());
        assertEquals(Optional.of("0 0 2 1 * ?"), task.cron());
        assertTrue(task.enabled());
        assertEquals(Duration.ofSeconds(30), task.timeout());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // TaskRegistry.index
    // ---------------------------------------------------------------------------------------------------------------

    private static RegisteredTask registered(String name, OrmTask implementation) {
        return new RegisteredTask(name, "", DataSourceCatalog.DEFAULT, Optional.empty(), ZoneId.of("UTC"),
                Duration.ofMinutes(5), true, List.of(), ConcurrencyPolicy.ALLOW, MisfirePolicy.SKIP, Optional.empty(),
                new RetryPolicy(1, Duration.ofSeconds(1)), implementation);
    }

    @Test
    void indexRejectsDuplicateNameNamingBothClasses() {
        List<RegisteredTask> tasks = List.of(
                registered("same-name", new MinimalTask()),
                registered("other", new IsoTimeoutTask()),
                registered("same-name", new FullTask()));

        TaskDefinitionException e = assertThrows(TaskDefinitionException.class, () -> TaskRegistry.index(tasks));

        assertTrue(e.getMessage().contains("same-name"), e.getMessage());
        assertTrue(e.getMessage().contains(MinimalTask.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(FullTask.class.getName()), e.getMessage());
        assertFalse(e.getMessage().contains(IsoTimeoutTask.class.getName()), e.getMessage());
    }

    @Test
    void indexSortsTasksByName() {
        RegisteredTask b = registered("b-task", new MinimalTask());
        RegisteredTask a = registered("a-task", new FullTask());
        RegisteredTask c = registered("c-task", new IsoTimeoutTask());

        Map<String, RegisteredTask> byName = TaskRegistry.index(List.of(b, c, a));

        assertEquals(List.of("a-task", "b-task", "c-task"), List.copyOf(byName.keySet()));
        assertSame(a, byName.get("a-task"));
        assertNull(byName.get("d-task"));
    }
}
