package dev.ormtask.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.config.JsonNumbers;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterBinderTest {

    /** The service's reading of JSON (config/JsonNumbers), as the API and the run engine use it. */
    private static final ObjectMapper MAPPER = JsonNumbers.apply(new ObjectMapper());

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ParamSpec optional(String name, ParamType type) {
        return new ParamSpec(name, type, false, null, "");
    }

    private static ParamSpec required(String name, ParamType type) {
        return new ParamSpec(name, type, true, null, "");
    }

    private static ParamSpec withDefault(String name, ParamType type, Object defaultValue) {
        return new ParamSpec(name, type, false, defaultValue, "");
    }

    /** Binds {"p": valueJson} against one required parameter p of the given type. */
    private static TaskParameters bindOne(ParamType type, String valueJson) {
        return ParameterBinder.bind(List.of(required("p", type)), json("{\"p\": " + valueJson + "}"));
    }

    private static InvalidParametersException rejectOne(ParamType type, String valueJson) {
        return assertThrows(InvalidParametersException.class, () -> bindOne(type, valueJson));
    }

    private static void assertRejectedAsWrongType(ParamType type, String valueJson) {
        InvalidParametersException e = rejectOne(type, valueJson);
        assertEquals(List.of("parameter 'p' must be " + type.expected()), e.problems());
    }

    // --- STRING ---

    @Test
    void bindsStringFromJsonString() {
        assertEquals("hello", bindOne(ParamType.STRING, "\"hello\"").string("p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "[\"a\"]", "{\"a\": 1}"})
    void rejectsNonStringJsonForString(String valueJson) {
        assertRejectedAsWrongType(ParamType.STRING, valueJson);
    }

    // --- INT ---

    @Test
    void bindsIntFromJsonInteger() {
        TaskParameters params = bindOne(ParamType.INT, "42");
        assertEquals(Integer.valueOf(42), params.integer("p"));
        assertInstanceOf(Integer.class, params.asMap().get("p"));
    }

    @Test
    void bindsIntAtBothEndsOf32BitRange() {
        assertEquals(Integer.valueOf(Integer.MAX_VALUE), bindOne(ParamType.INT, "2147483647").integer("p"));
        assertEquals(Integer.valueOf(Integer.MIN_VALUE), bindOne(ParamType.INT, "-2147483648").integer("p"));
    }

    @Test
    void rejectsNumericStringForInt() {
        assertRejectedAsWrongType(ParamType.INT, "\"5\"");
    }

    @Test
    void rejectsFractionalNumberForInt() {
        assertRejectedAsWrongType(ParamType.INT, "1.5");
    }

    @Test
    void rejectsWholeNumberWrittenAsFloatForInt() {
        assertRejectedAsWrongType(ParamType.INT, "2.0");
    }

    @Test
    void rejectsIntegerBeyond32BitsForInt() {
        assertRejectedAsWrongType(ParamType.INT, String.valueOf(1L << 40));
        assertRejectedAsWrongType(ParamType.INT, "2147483648");
    }

    @Test
    void rejectsBooleanForInt() {
        assertRejectedAsWrongType(ParamType.INT, "true");
    }

    // --- LONG ---

    @Test
    void acceptsIntegerBeyond32BitsForLong() {
        TaskParameters params = bindOne(ParamType.LONG, String.valueOf(1L << 40));
        assertEquals(Long.valueOf(1L << 40), params.longValue("p"));
        assertInstanceOf(Long.class, params.asMap().get("p"));
    }

    @Test
    void bindsSmallIntegerAsLongForLong() {
        assertInstanceOf(Long.class, bindOne(ParamType.LONG, "7").asMap().get("p"));
    }

    @Test
    void rejectsIntegerBeyond64BitsForLong() {
        assertRejectedAsWrongType(ParamType.LONG, "18446744073709551616");
    }

    @Test
    void rejectsNumericStringForLong() {
        assertRejectedAsWrongType(ParamType.LONG, "\"5\"");
    }

    @Test
    void rejectsFractionalNumberForLong() {
        assertRejectedAsWrongType(ParamType.LONG, "3.25");
    }

    // --- DECIMAL ---

    @Test
    void bindsDecimalFromJsonNumber() {
        BigDecimal value = bindOne(ParamType.DECIMAL, "12.5").decimal("p");
        assertEquals(0, new BigDecimal("12.5").compareTo(value), "got " + value);
    }

    @Test
    void bindsDecimalFromJsonInteger() {
        BigDecimal value = bindOne(ParamType.DECIMAL, "7").decimal("p");
        assertEquals(0, BigDecimal.valueOf(7).compareTo(value), "got " + value);
    }

    @Test
    void bindsDecimalFromNumericStringKeepingEveryDigit() {
        assertEquals(new BigDecimal("12345678901234567890.123456789"),
                bindOne(ParamType.DECIMAL, "\"12345678901234567890.123456789\"").decimal("p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12,5\"", "\"ten\"", "\"\"", "\"NaN\"", "true", "[1]"})
    void rejectsNonNumericJsonForDecimal(String valueJson) {
        assertRejectedAsWrongType(ParamType.DECIMAL, valueJson);
    }

    /* A: a decimal sent as a JSON number keeps every digit and its scale; through a double it did not. */
    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567890.123456789", "1234.56789012345678901", "100.10", "0.000", "-0.1",
        "1E+999", "1E-1000"})
    void keepsEveryDigitOfADecimalSentAsANumber(String number) {
        assertEquals(new BigDecimal(number), bindOne(ParamType.DECIMAL, number).decimal("p"));
    }

    /* #12: a DECIMAL a task could not print or store (1E+999999999 as plain digits is a billion characters). */
    @ParameterizedTest
    @ValueSource(strings = {"1E+1000", "1E+999999999", "\"1E-1001\"", "\"1E-999999999\"", "\"1e99999999999\""})
    void rejectsADecimalBeyondAThousandDigitsOnEitherSide(String valueJson) {
        assertRejectedAsWrongType(ParamType.DECIMAL, valueJson);
    }

    @Test
    void bindsLongAtBothEndsOf64BitRange() {
        assertEquals(Long.MAX_VALUE, bindOne(ParamType.LONG, "9223372036854775807").longValue("p"));
        assertEquals(Long.MIN_VALUE, bindOne(ParamType.LONG, "-9223372036854775808").longValue("p"));
        assertEquals(9007199254740993L, bindOne(ParamType.LONG, "9007199254740993").longValue("p"),
                "beyond a double's 53 bits, not rounded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "1e3", "1.0", "9.2233720368547758E18"})
    void rejectsALongThatDoesNotFitOrIsNotWrittenAsAnInteger(String valueJson) {
        assertRejectedAsWrongType(ParamType.LONG, valueJson);
    }

    // --- BOOLEAN ---

    @Test
    void bindsBooleanFromJsonTrueAndFalse() {
        assertEquals(Boolean.TRUE, bindOne(ParamType.BOOLEAN, "true").bool("p"));
        assertEquals(Boolean.FALSE, bindOne(ParamType.BOOLEAN, "false").bool("p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yes\"", "\"true\"", "1", "0"})
    void rejectsNonBooleanJsonForBoolean(String valueJson) {
        assertRejectedAsWrongType(ParamType.BOOLEAN, valueJson);
    }

    // --- DATE ---

    @Test
    void bindsDateFromIsoString() {
        assertEquals(LocalDate.of(2026, 1, 31), bindOne(ParamType.DATE, "\"2026-01-31\"").date("p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-13-01\"", "\"2026-02-30\"", "\"31.01.2026\"", "\"2026-01-31T00:00:00Z\"", "20260131"})
    void rejectsInvalidDate(String valueJson) {
        assertRejectedAsWrongType(ParamType.DATE, valueJson);
    }

    /* #12: years a task's database could not store are refused at validation, not by a failed run. */
    @ParameterizedTest
    @ValueSource(strings = {"\"+999999999-12-01\"", "\"0000-12-31\"", "\"-0001-01-01\"", "\"+10000-01-01\""})
    void rejectsADateOutsideTheYears1To9999(String valueJson) {
        assertRejectedAsWrongType(ParamType.DATE, valueJson);
    }

    @Test
    void bindsTheFirstAndLastDaysOfTheYears1To9999() {
        assertEquals(LocalDate.of(1, 1, 1), bindOne(ParamType.DATE, "\"0001-01-01\"").date("p"));
        assertEquals(LocalDate.of(9999, 12, 31), bindOne(ParamType.DATE, "\"9999-12-31\"").date("p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"+999999999-12-01T00:00:00Z\"", "\"9999-12-31T23:00:00-05:00\"",
        "\"0001-01-01T00:30:00+01:00\"", "\"0000-06-01T00:00:00Z\""})
    void rejectsADateTimeOutsideTheYears1To9999HereOrInUtc(String valueJson) {
        assertRejectedAsWrongType(ParamType.DATETIME, valueJson);
    }

    @Test
    void bindsADateTimeOnTheLastSecondOfTheYear9999() {
        assertEquals(OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC),
                bindOne(ParamType.DATETIME, "\"9999-12-31T23:59:59Z\"").dateTime("p"));
    }

    // --- DATETIME ---

    @Test
    void bindsDateTimeWithOffset() {
        assertEquals(OffsetDateTime.of(2026, 1, 31, 2, 0, 0, 0, ZoneOffset.ofHours(1)),
                bindOne(ParamType.DATETIME, "\"2026-01-31T02:00:00+01:00\"").dateTime("p"));
    }

    @Test
    void bindsDateTimeWithZuluOffset() {
        assertEquals(OffsetDateTime.of(2026, 1, 31, 2, 0, 0, 0, ZoneOffset.UTC),
                bindOne(ParamType.DATETIME, "\"2026-01-31T02:00:00Z\"").dateTime("p"));
    }

    @Test
    void rejectsDateTimeWithoutOffset() {
        assertRejectedAsWrongType(ParamType.DATETIME, "\"2026-01-31T02:00:00\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-01-31\"", "\"2026-01-31T25:00:00Z\"", "1769824800"})
    void rejectsInvalidDateTime(String valueJson) {
        assertRejectedAsWrongType(ParamType.DATETIME, valueJson);
    }

    // --- names, presence and defaults ---

    @Test
    void rejectsUnknownParameterAndNamesIt() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(optional("days", ParamType.INT)), json("{\"dayz\": 3}")));
        assertEquals(List.of("unknown parameter 'dayz'"), e.problems());
    }

    @Test
    void rejectsAnyParameterWhenTaskDeclaresNone() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(), json("{\"x\": 1}")));
        assertEquals(List.of("unknown parameter 'x'"), e.problems());
    }

    @Test
    void shortensVeryLongUnknownParameterNameInProblem() {
        String longName = "n".repeat(500);
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(), json("{\"" + longName + "\": 1}")));
        assertEquals(List.of("unknown parameter '" + "n".repeat(64) + "…'"), e.problems());
    }

    @Test
    void parameterNamesAreCaseSensitive() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(optional("olderThanDays", ParamType.INT)),
                        json("{\"olderthandays\": 3}")));
        assertEquals(List.of("unknown parameter 'olderthandays'"), e.problems());
    }

    @Test
    void reportsMissingRequiredParameterByName() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(required("from", ParamType.DATE)), json("{}")));
        assertEquals(List.of("missing required parameter 'from' (" + ParamType.DATE.expected() + ")"), e.problems());
    }

    @Test
    void treatsJsonNullForRequiredParameterAsMissing() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(required("from", ParamType.DATE)), json("{\"from\": null}")));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("missing required parameter 'from'"), e.problems().get(0));
    }

    @Test
    void treatsNullBodyAsNoParameters() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(List.of(required("from", ParamType.DATE)), null));
        assertTrue(e.problems().get(0).startsWith("missing required parameter 'from'"), e.problems().get(0));

        TaskParameters params = ParameterBinder.bind(List.of(withDefault("days", ParamType.INT, 30)), null);
        assertEquals(Integer.valueOf(30), params.integer("days"));
    }

    @Test
    void appliesDefaultWhenParameterAbsent() {
        TaskParameters params = ParameterBinder.bind(List.of(withDefault("days", ParamType.INT, 30)), json("{}"));
        assertTrue(params.has("days"));
        assertEquals(Integer.valueOf(30), params.integer("days"));
    }

    @Test
    void appliesDefaultWhenParameterIsJsonNull() {
        TaskParameters params =
                ParameterBinder.bind(List.of(withDefault("days", ParamType.INT, 30)), json("{\"days\": null}"));
        assertEquals(Integer.valueOf(30), params.integer("days"));
    }

    @Test
    void givenValueWinsOverDefault() {
        TaskParameters params =
                ParameterBinder.bind(List.of(withDefault("days", ParamType.INT, 30)), json("{\"days\": 7}"));
        assertEquals(Integer.valueOf(7), params.integer("days"));
    }

    @Test
    void leavesAbsentOptionalParameterWithoutDefaultUnset() {
        TaskParameters params =
                ParameterBinder.bind(List.of(optional("note", ParamType.STRING)), json("{\"note\": null}"));
        assertFalse(params.has("note"));
        assertTrue(params.asMap().isEmpty());
    }

    @Test
    void keepsValuesInDeclarationOrder() {
        List<ParamSpec> specs = List.of(optional("c", ParamType.INT), optional("a", ParamType.INT),
                optional("b", ParamType.INT));
        TaskParameters params = ParameterBinder.bind(specs, json("{\"a\": 1, \"b\": 2, \"c\": 3}"));
        assertEquals(List.of("c", "a", "b"), List.copyOf(params.asMap().keySet()));
    }

    @Test
    void reportsSeveralProblemsTogether() {
        List<ParamSpec> specs = List.of(
                required("from", ParamType.DATE),
                required("limit", ParamType.INT),
                optional("dryFlag", ParamType.BOOLEAN),
                optional("ok", ParamType.STRING));
        JsonNode body = json("{\"limit\": 1.5, \"dryFlag\": \"yes\", \"ok\": \"fine\", \"extra\": 1}");

        InvalidParametersException e =
                assertThrows(InvalidParametersException.class, () -> ParameterBinder.bind(specs, body));

        assertEquals(List.of(
                        "unknown parameter 'extra'",
                        "missing required parameter 'from' (" + ParamType.DATE.expected() + ")",
                        "parameter 'limit' must be " + ParamType.INT.expected(),
                        "parameter 'dryFlag' must be " + ParamType.BOOLEAN.expected()),
                e.problems());
        assertEquals(String.join("; ", e.problems()), e.getMessage());
    }

    @Test
    void typedAccessorRefusesWrongType() {
        TaskParameters params = bindOne(ParamType.INT, "5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> params.string("p"));
        assertTrue(e.getMessage().contains("'p'"), e.getMessage());
    }

    private static ParamSpec bounded(String name, ParamType type, Object min, Object max, boolean secret) {
        return new ParamSpec(name, type, false, null, "", secret, min, max);
    }

    @Test
    void valuesOnTheBoundsPassAndValuesBeyondThemAreRefusedNamingTheRange() {
        List<ParamSpec> specs = List.of(bounded("n", ParamType.INT, 1, 10, false));
        assertEquals(1, ParameterBinder.bind(specs, json("{\"n\": 1}")).integer("n"));
        assertEquals(10, ParameterBinder.bind(specs, json("{\"n\": 10}")).integer("n"));
        assertEquals(List.of("parameter 'n' must be from 1 to 10, not 0"), assertThrows(
                InvalidParametersException.class, () -> ParameterBinder.bind(specs, json("{\"n\": 0}"))).problems());
        assertEquals(List.of("parameter 'n' must be from 1 to 10, not 11"), assertThrows(
                InvalidParametersException.class, () -> ParameterBinder.bind(specs, json("{\"n\": 11}"))).problems());
    }

    @Test
    void aOneSidedBoundSaysWhichSide() {
        List<ParamSpec> atLeast = List.of(bounded("amount", ParamType.DECIMAL, new BigDecimal("0.01"), null, false));
        assertEquals(new BigDecimal("0.010"),
                ParameterBinder.bind(atLeast, json("{\"amount\": \"0.010\"}")).decimal("amount"));
        assertEquals(List.of("parameter 'amount' must be at least 0.01, not 0.009"),
                assertThrows(InvalidParametersException.class,
                        () -> ParameterBinder.bind(atLeast, json("{\"amount\": 0.009}"))).problems());
        List<ParamSpec> atMost = List.of(bounded("day", ParamType.DATE, null, LocalDate.of(2026, 12, 31), false));
        assertEquals(List.of("parameter 'day' must be at most 2026-12-31, not 2027-01-01"),
                assertThrows(InvalidParametersException.class,
                        () -> ParameterBinder.bind(atMost, json("{\"day\": \"2027-01-01\"}"))).problems());
    }

    @Test
    void aDateTimeBoundComparesInstantsWhateverTheOffset() {
        OffsetDateTime min = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        List<ParamSpec> specs = List.of(bounded("at", ParamType.DATETIME, min, null, false));
        // The same instant written in another offset: on the bound, so allowed.
        assertEquals(OffsetDateTime.of(2026, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(1)),
                ParameterBinder.bind(specs, json("{\"at\": \"2026-01-01T01:00:00+01:00\"}")).dateTime("at"));
        assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(specs, json("{\"at\": \"2026-01-01T00:59:59+01:00\"}")));
    }

    @Test
    void aSecretValueOutOfRangeIsNotEchoed() {
        List<ParamSpec> specs = List.of(bounded("pin", ParamType.LONG, 1000L, 9999L, true));
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> ParameterBinder.bind(specs, json("{\"pin\": 123456}")));
        assertEquals(List.of("parameter 'pin' must be from 1000 to 9999"), e.problems());
    }
}
