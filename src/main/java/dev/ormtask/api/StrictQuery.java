package dev.ormtask.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query string read strictly, as the endpoint that takes it names its parameters: an unknown name (a typo such as
 * {@code staus=FAILED} would otherwise list every run), a name given twice or without a value is a 400 naming it,
 * never a guess.
 */
final class StrictQuery {

    private StrictQuery() {}

    /**
     * @param rawQuery the query string as sent (still percent-encoded), or null
     * @param names the parameters the endpoint takes, spelled exactly so (query names are case-sensitive)
     * @param what the endpoint, for the message: "a start takes wait, dryRun, retryFailed"
     */
    static Map<String, String> read(String rawQuery, List<String> names, String what) {
        return read(rawQuery, names, List.of(), what);
    }

    /** Refuses any query parameter, for an endpoint that takes none. */
    static void none(String rawQuery, String what) {
        read(rawQuery, List.of(), what);
    }

    /** As {@link #read(String, List, String)}, where the names in {@code mayBeEmpty} mean something when empty. */
    static Map<String, String> read(String rawQuery, List<String> names, List<String> mayBeEmpty, String what) {
        Map<String, String> found = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return found;
        }
        if (rawQuery.indexOf(';') >= 0) {
            // The REST layer also splits a query at ';' when it reads a parameter: "limit=2;staus=FAILED" passed the
            // names checked here and listed runs of every status. A ';' inside a value is sent as %3B.
            throw new InvalidRequestException("the query has a ';'; separate parameters with '&' and send a ';' inside"
                    + " a value as %3B");
        }
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue; // "?&wait=0" or a trailing "&" names nothing
            }
            int equals = part.indexOf('=');
            String name = decode(equals < 0 ? part : part.substring(0, equals));
            if (!names.contains(name)) {
                throw new InvalidRequestException("unknown query parameter '" + quote(name) + "'"
                        + suggestion(name, names) + "; " + what + " takes "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            if (found.containsKey(name)) {
                throw new InvalidRequestException(name + " is given twice; give it once");
            }
            String value = equals < 0 ? "" : decode(part.substring(equals + 1));
            if (value.isEmpty() && !mayBeEmpty.contains(name)) {
                throw new InvalidRequestException(name + " needs a value" + example(name) + "; leave it out for none");
            }
            found.put(name, value);
        }
        return found;
    }

    private static String example(String name) {
        return switch (name) {
            case "wait" -> ", such as wait=30";
            case "dryRun", "retryFailed" -> ", such as " + name + "=true or " + name + "=false";
            default -> "";
        };
    }

    private static String suggestion(String name, List<String> names) {
        String loose = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return names.stream()
                .filter(known -> known.toLowerCase(Locale.ROOT).equals(loose))
                .findFirst()
                .map(known -> " (did you mean '" + known + "'? names are case-sensitive)")
                .orElse("");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the query has a malformed %-escape in '" + quote(text) + "'");
        }
    }

    /**
     * A whole number written in ASCII digits only, or -1: Java's parsers also take a sign, blanks around it (after a
     * trim) and any script's digits, so "limit=２" (fullwidth) listed two runs. One too large for a long is
     * {@link Long#MAX_VALUE}: over any limit here, and said so.
     */
    static long digits(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        String significant = value.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }

    /** A client's text inside a detail: bounded, without control characters. */
    static String quote(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "…";
    }
}
