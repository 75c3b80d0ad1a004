package dev.ormtask.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The values of a run's parameters declared {@code @TaskParam(secret = true)}, and how to keep them out of what people
 * see: stored parameters keep them (retries, claims by other nodes and re-runs need them), everything shown masks them.
 */
public final class Secrets {

    /** What a secret value is replaced with. */
    public static final String MASK = "****";

    private static final Secrets NONE = new Secrets(List.of());

    /**
     * A secret at least this long is masked wherever it occurs. A shorter one only where it stands alone, not inside a
     * longer run of letters and digits: masked everywhere, a one-character password "3" turned a date in a run's result
     * into "2026-01-****1", and "p" a field "pwLen" into "****wLen".
     */
    static final int MASKED_INSIDE_WORDS_FROM = 6;

    // Longest first, so that a secret containing another is masked whole.
    private final List<String> values;
    // For each value, in the same order: how it is found in a text.
    private final List<Pattern> patterns;

    private Secrets(List<String> values) {
        this.values = values;
        this.patterns = values.stream().map(Secrets::pattern).toList();
    }

    private static Pattern pattern(String value) {
        String quoted = Pattern.quote(value);
        return Pattern.compile(value.length() >= MASKED_INSIDE_WORDS_FROM ? quoted
                : "(?<![\\p{L}\\p{N}])" + quoted + "(?![\\p{L}\\p{N}])");
    }

    public static Secrets none() {
        return NONE;
    }

    /** Whether any of these parameters is secret. */
    public static boolean declared(List<ParamSpec> specs) {
        return specs.stream().anyMatch(ParamSpec::secret);
    }

    /** The secret values among a run's bound parameters. */
    public static Secrets of(List<ParamSpec> specs, Map<String, Object> params) {
        List<String> found = new ArrayList<>();
        for (ParamSpec spec : specs) {
            Object value = params.get(spec.name());
            if (spec.secret() && value != null) {
                found.add(String.valueOf(value));
            }
        }
        return of(found);
    }

    /** The secret values among stored parameters (a JSON object, or null). */
    public static Secrets of(List<ParamSpec> specs, JsonNode params) {
        List<String> found = new ArrayList<>();
        if (params != null && params.isObject()) {
            for (ParamSpec spec : specs) {
                JsonNode value = params.get(spec.name());
                if (spec.secret() && value != null && !value.isNull()) {
                    found.add(value.isTextual() ? value.textValue() : value.toString());
                }
            }
        }
        return of(found);
    }

    private static Secrets of(List<String> found) {
        List<String> usable = found.stream().filter(v -> !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        return usable.isEmpty() ? NONE : new Secrets(usable);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The text with every secret value replaced by {@link #MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Pattern pattern : patterns) {
            masked = pattern.matcher(masked).replaceAll(MASK);
        }
        return masked;
    }

    /** A copy of stored parameters with the value of each secret parameter replaced by {@link #MASK}. */
    public static JsonNode maskParams(List<ParamSpec> specs, JsonNode params) {
        if (params == null || !params.isObject()) {
            return params;
        }
        ObjectNode copy = ((ObjectNode) params).deepCopy();
        for (ParamSpec spec : specs) {
            if (spec.secret() && copy.has(spec.name()) && !copy.get(spec.name()).isNull()) {
                copy.put(spec.name(), MASK);
            }
        }
        return copy;
    }

    /** A copy of a JSON value (a run's result) with secret values masked inside every string and field name. */
    public JsonNode maskStrings(JsonNode value) {
        if (value == null || values.isEmpty()) {
            return value;
        }
        if (value.isTextual()) {
            return TextNode.valueOf(mask(value.textValue()));
        }
        if (value.isArray()) {
            ArrayNode copy = ((ArrayNode) value).arrayNode();
            value.forEach(item -> copy.add(maskStrings(item)));
            return copy;
        }
        if (value.isObject()) {
            ObjectNode copy = ((ObjectNode) value).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(mask(field.getKey()), maskStrings(field.getValue()));
            }
            return copy;
        }
        return value; // numbers, booleans, null: a secret declared as a number is masked in parameters and text only
    }
}
