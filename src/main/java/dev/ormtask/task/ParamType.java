package dev.ormtask.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

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
                // 1e400 reads as an infinite double, which has no decimal value: a bad parameter, not a crash.
                return parseOrNull(node::decimalValue);
            }
            // Decimals as strings keep precision that a JSON number may lose in the client.
            return node.isTextual() ? parseOrNull(() -> new BigDecimal(node.textValue())) : null;
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
            return node.isTextual() ? parseOrNull(() -> LocalDate.parse(node.textValue())) : null;
        }
    },
    DATETIME {
        @Override
        Object fromJson(JsonNode node) {
            return node.isTextual() ? parseOrNull(() -> OffsetDateTime.parse(node.textValue())) : null;
        }
    };

    /** The value as this type, or null when the JSON value is not of this type. */
    abstract Object fromJson(JsonNode node);

    /** What a client must send, for error messages. */
    public String expected() {
        return switch (this) {
            case STRING -> "a JSON string";
            case INT -> "a JSON integer between -2147483648 and 2147483647";
            case LONG -> "a JSON integer that fits in 64 bits";
            case DECIMAL -> "a JSON number or a numeric string";
            case BOOLEAN -> "true or false";
            case DATE -> "a string date such as 2026-01-31";
            case DATETIME -> "a string date-time with offset such as 2026-01-31T02:00:00Z";
        };
    }

    /** Reads a default written in an annotation or in configuration. */
    Object fromText(String text) {
        return switch (this) {
            case STRING -> text;
            case INT -> parseOrNull(() -> Integer.valueOf(text));
            case LONG -> parseOrNull(() -> Long.valueOf(text));
            case DECIMAL -> parseOrNull(() -> new BigDecimal(text));
            case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
            case DATE -> parseOrNull(() -> LocalDate.parse(text));
            case DATETIME -> parseOrNull(() -> OffsetDateTime.parse(text));
        };
    }

    private static Object parseOrNull(java.util.function.Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }
}
