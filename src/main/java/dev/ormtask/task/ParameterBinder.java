package dev.ormtask.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a JSON object of run parameters against a task's declaration and turns it into typed values. */
public final class ParameterBinder {

    private ParameterBinder() {}

    /** @param body a JSON object, or null for no parameters */
    public static TaskParameters bind(List<ParamSpec> specs, JsonNode body) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (body != null) {
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String given = names.next();
                if (specs.stream().noneMatch(s -> s.name().equals(given))) {
                    problems.add("unknown parameter '" + shorten(given) + "'");
                }
            }
        }
        for (ParamSpec spec : specs) {
            JsonNode node = body == null ? null : body.get(spec.name());
            if (node == null || node.isNull()) {
                if (spec.required()) {
                    problems.add("missing required parameter '" + spec.name() + "' (" + spec.type().expected() + ")");
                } else if (spec.defaultValue() != null) {
                    values.put(spec.name(), spec.defaultValue());
                }
                continue;
            }
            Object value = spec.type().fromJson(node);
            String outOfRange = value == null ? null : spec.outOfRange(value);
            if (value == null) {
                problems.add("parameter '" + spec.name() + "' must be " + spec.type().expected());
            } else if (outOfRange != null) {
                problems.add(spec.secret() ? "parameter '" + spec.name() + "' must be " + spec.range() : outOfRange);
            } else {
                values.put(spec.name(), value);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(problems);
        }
        return new TaskParameters(values);
    }

    private static String shorten(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }
}
