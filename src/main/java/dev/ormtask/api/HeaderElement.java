package dev.ormtask.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One element of an HTTP header's comma-separated list (RFC 9110 5.6.1) with its {@code ;} parameters: the one reading
 * of Accept, Content-Type and Prefer. A quoted string, where a value starts, is one value (a {@code ,} or {@code ;} in
 * it separates nothing); a {@code "} inside a token is just a character. Parameter names are case-insensitive and
 * their values unquoted. Several field lines of one header are given {@link #joined}, and each is read on
 * its own: a quote one leaves open does not swallow the next.
 *
 * @param value the element's first part, stripped ({@code application/json}, {@code wait=5}, {@code respond-async})
 * @param parameters what follows its {@code ;}s: lower-cased name to unquoted value ("" for a name without {@code =});
 *     the first of a repeated name counts
 * @param repeated the names given more than once, which a caller may refuse as ambiguous
 */
record HeaderElement(String value, Map<String, String> parameters, Set<String> repeated) {

    /** What joins the field lines of one header: a line feed, which no field value can hold. */
    static final String LINES = "\n";

    /** The field lines of one header as one value for {@link #list}, each line read on its own; null when none. */
    static String joined(List<String> lines) {
        return lines == null || lines.isEmpty() ? null : String.join(LINES, lines);
    }

    /** The elements of a list header, empty ones (",,") skipped; none for null. */
    static List<HeaderElement> list(String header) {
        List<HeaderElement> elements = new ArrayList<>();
        if (header == null) {
            return elements;
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\' && i + 1 < header.length()) {
                part.append(c).append(header.charAt(++i));
                continue;
            }
            if (c == '\n') {
                quoted = false;
                c = ',';
            }
            if (c == '"' && (quoted || startsAValue(part))) {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || c == ';')) {
                parts.add(part.toString());
                part.setLength(0);
                if (c == ',') {
                    add(elements, parts);
                }
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        add(elements, parts);
        return elements;
    }

    /** A header that holds one element (Content-Type): the first of its list, or null when it holds none. */
    static HeaderElement single(String header) {
        List<HeaderElement> elements = list(header);
        return elements.isEmpty() ? null : elements.get(0);
    }

    /** The parameter's unquoted value, or null when the element does not have it. */
    String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** The first part up to its {@code =}, lower-cased: a preference's name, or the whole media type. */
    String name() {
        int equals = value.indexOf('=');
        return (equals < 0 ? value : value.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
    }

    /** The first part after its {@code =}, unquoted ({@code wait="5"} gives 5), or null when it has none. */
    String argument() {
        int equals = value.indexOf('=');
        return equals < 0 ? null : unquote(value.substring(equals + 1).strip());
    }

    // Where a quoted string may open: at the start of a part, or right after its '=' (blanks aside).
    private static boolean startsAValue(StringBuilder part) {
        for (int i = part.length() - 1; i >= 0; i--) {
            char c = part.charAt(i);
            if (c != ' ' && c != '\t') {
                return c == '=';
            }
        }
        return true;
    }

    private static void add(List<HeaderElement> elements, List<String> parts) {
        String first = parts.get(0).strip();
        if (!first.isEmpty()) {
            Map<String, String> parameters = new LinkedHashMap<>();
            Set<String> repeated = new HashSet<>();
            for (String parameter : parts.subList(1, parts.size())) {
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && parameters.putIfAbsent(name,
                        equals < 0 ? "" : unquote(parameter.substring(equals + 1).strip())) != null) {
                    repeated.add(name);
                }
            }
            elements.add(new HeaderElement(first, Collections.unmodifiableMap(parameters), Set.copyOf(repeated)));
        }
        parts.clear();
    }

    private static String unquote(String text) {
        if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\"")) {
            return text;
        }
        StringBuilder unquoted = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() - 1) {
                c = text.charAt(++i);
            }
            unquoted.append(c);
        }
        return unquoted.toString();
    }
}
