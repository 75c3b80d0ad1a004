package dev.ormtask.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The types a task parameter can have, each with how it is read from JSON and from text defaults. */
public enum ParamType {
    STRING {
        @Override
        Object fromJson(JsonNode node) {
            return node.isTextual() ? node.textValue() : null;
        }
    },
    INT {
        @Override
        Object fromJson(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
        }
    },
    LONG {
        @Override
        Object fromJson(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
        }
    },
    DECIMAL {
        @Override
        Object fromJson(JsonNode node) {
            if (node.isNumber()) {
                // Exact only when the body was read with USE_BIG_DECIMAL_FOR_FLOATS (JsonNumbers); a double would
                // already have rounded it. A double that slipped through (NaN, infinite) has no decimal value.
                return parseOrNull(() -> decimalWithinBounds(node.decimalValue()));
            }
            // Decimals as strings keep precision that a JSON number may lose in the client.
            return node.isTextual() ? parseOrNull(() -> decimalWithinBounds(new BigDecimal(node.textValue()))) : null;
        }
    },
    BOOLEAN {
        @Override
        Object fromJson(JsonNode node) {
            return node.isBoolean() ? node.booleanValue() : null;
        }
    },
    DATE {
        @Override
        Object fromJson(JsonNode node) {
            return node.isTextual() ? fromText(node.textValue()) : null;
        }
    },
    DATETIME {
        @Override
        Object fromJson(JsonNode node) {
            return node.isTextual() ? fromText(node.textValue()) : null;
        }
    };

    /** The value as this type, or null when the JSON value is not of this type. */
    abstract Object fromJson(JsonNode node);

    /** Whether values of this type have an order, so that a parameter of it can declare a {@code min} and {@code max}. */
    public boolean ordered() {
        return this != STRING && this != BOOLEAN;
    }

    /**
     * Orders two values of this {@link #ordered()} type: numbers by value whatever their scale ({@code 1.0} equals
     * {@code 1}), date-times by the instant they name whatever their offset.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    int compare(Object a, Object b) {
        if (this == DATETIME) {
            return OffsetDateTime.timeLineOrder().compare((OffsetDateTime) a, (OffsetDateTime) b);
        }
        return ((Comparable) a).compareTo(b);
    }

    /** What a client must send, for error messages. */
    public String expected() {
        return switch (this) {
            case STRING -> "a JSON string";
            case INT -> "a JSON integer between -2147483648 and 2147483647";
            case LONG -> "a JSON integer that fits in 64 bits";
            case DECIMAL -> "a JSON number or a numeric string, with at most " + MAX_DECIMAL_DIGITS
                    + " digits before and after the decimal point";
            case BOOLEAN -> "true or false";
            case DATE -> "a string date such as 2026-01-31, in the years 0001 to 9999";
            case DATETIME -> "a string date-time with offset such as 2026-01-31T02:00:00Z, in the years 0001 to 9999";
        };
    }

    /** Reads a default written in an annotation or in configuration. */
    Object fromText(String text) {
        return switch (this) {
            case STRING -> text;
            case INT -> parseOrNull(() -> Integer.valueOf(text));
            case LONG -> parseOrNull(() -> Long.valueOf(text));
            case DECIMAL -> parseOrNull(() -> decimalWithinBounds(new BigDecimal(text)));
            case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
            case DATE -> parseOrNull(() -> {
                LocalDate day = LocalDate.parse(text);
                return yearWithinBounds(day, day.getYear());
            });
            case DATETIME -> parseOrNull(() -> {
                OffsetDateTime at = OffsetDateTime.parse(text);
                // Both the local year and the UTC one, which is what a database column of a timestamp keeps.
                return yearWithinBounds(yearWithinBounds(at, at.getYear()),
                        at.withOffsetSameInstant(ZoneOffset.UTC).getYear());
            });
        };
    }

    /** The most digits a DECIMAL may have on either side of the decimal point. */
    static final int MAX_DECIMAL_DIGITS = 1000;

    /*
     * Bounds that every task can live with: a value outside them would fail the run (a year 999999999 in a database
     * column, 1E+999999999 printed as plain digits) instead of the request. Null means "not a valid value".
     */
    private static BigDecimal decimalWithinBounds(BigDecimal value) {
        int integerDigits = value.precision() - value.scale();
        return integerDigits <= MAX_DECIMAL_DIGITS && value.scale() <= MAX_DECIMAL_DIGITS ? value : null;
    }

    private static <T> T yearWithinBounds(T value, int year) {
        return value != null && year >= 1 && year <= 9999 ? value : null;
    }

    private static Object parseOrNull(java.util.function.Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return null;
        }
    }
}
