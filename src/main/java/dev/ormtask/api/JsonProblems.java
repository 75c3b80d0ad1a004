package dev.ormtask.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a body that is not JSON, in the caller's terms: Jackson's own messages name its features
 * and settings ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`"), which a client can do nothing with.
 */
final class JsonProblems {

    private static final Pattern LIMIT = Pattern.compile("exceeds the maximum allowed \\((\\d+)");
    private static final int MAX_DETAIL = 200;

    private JsonProblems() {}

    /** "the body is not valid JSON: …, at line L, column C". */
    static String describe(JsonProcessingException e) {
        String where = where(e.getLocation());
        return "the body is not valid JSON: " + reason(e) + where;
    }

    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            String limit = limit(message);
            if (message.contains("nesting depth")) {
                return "it is nested more than " + limit + " levels deep";
            }
            if (message.contains("Number value length")) {
                return "a number has more than " + limit + " digits";
            }
            if (message.contains("String value length")) {
                return "a string is longer than " + limit + " characters";
            }
            if (message.contains("Name length")) {
                return "a name is longer than " + limit + " characters";
            }
            return "it is too large to read";
        }
        if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
            return "there is more after the JSON object; send exactly one object";
        }
        if (message.contains("NON_NUMERIC_NUMBERS")) {
            return "NaN and Infinity are not JSON numbers; send a number, or the value as a string";
        }
        if (message.contains("PLUS_SIGN")) {
            return "a JSON number does not start with '+'";
        }
        if (message.contains("ALLOW_COMMENTS") || message.contains("comment")) {
            return "JSON has no comments";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            // Jackson's message goes on to name the source with its settings, which hid this behind "not standard".
            return "it ends before the JSON is complete (a closing }, ] or quote is missing)";
        }
        if (message.contains("Duplicate field")) {
            return firstLine(message).replace("Duplicate field", "the name") + " appears twice";
        }
        String plain = firstLine(message);
        // Anything else that still speaks of the library's settings is said plainly.
        if (plain.isEmpty() || plain.contains("`") || plain.contains("Feature") || plain.contains("jackson")
                || plain.contains("Constraints")) {
            return "it is not standard JSON";
        }
        return plain.length() <= MAX_DETAIL ? plain : plain.substring(0, MAX_DETAIL) + "…";
    }

    private static String limit(String message) {
        Matcher m = LIMIT.matcher(message);
        return m.find() ? m.group(1) : "the allowed";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        return line.replaceAll("\\p{Cntrl}", "?");
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
