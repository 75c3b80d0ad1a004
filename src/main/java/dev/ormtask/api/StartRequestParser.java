package dev.ormtask.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ormtask.task.Trigger;
import dev.ormtask.trace.TraceContexts;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what a start request asks for from its raw query, headers and body, strictly: a request that could be read
 * two ways (a flag without a value, a parameter given twice, a body with more after the JSON object) is refused
 * with a 400 naming what is wrong, never guessed at, because a guess can turn a dry run into a real one.
 */
@Singleton
class StartRequestParser {

    /** The query parameters of a start, spelled exactly so (query names are case-sensitive). */
    static final List<String> QUERY_NAMES = List.of("wait", "dryRun", "retryFailed");
    static final String ACCEPTED_TYPES = "application/json (or no Content-Type), or application/x-www-form-urlencoded"
            + " when the body is a JSON object, as curl -d sends it";

    private final ApiConfig config;
    private final ObjectReader json;

    StartRequestParser(ApiConfig config, ObjectMapper mapper) {
        this.config = config;
        this.json = mapper.reader()
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** What one start asks for, once checked. */
    record StartRequest(JsonNode params, boolean dryRun, boolean retryFailed, WaitPreference waiting,
            String idempotencyKey, String callerRef, String traceparent, Trigger trigger) {}

    /**
     * @param rawQuery the query string as sent (still percent-encoded), or null
     * @param headers the request headers (case-insensitive names)
     * @param body the body, empty when none was sent
     */
    StartRequest parse(String rawQuery, MultiMap headers, byte[] body) {
        Map<String, String> query = query(rawQuery);
        WaitPreference waiting = WaitPreference.of(query.get("wait"), headers.get("Prefer"), config);
        boolean dryRun = flag("dryRun", query.get("dryRun"));
        String key = RequestHeaders.idempotencyKey(headers.getAll(RequestHeaders.IDEMPOTENCY_KEY));
        boolean retryFailed = flag("retryFailed", query.get("retryFailed"));
        if (retryFailed && key == null) {
            throw new InvalidRequestException("retryFailed needs an Idempotency-Key: it names the run to try again");
        }
        String callerRef = RequestHeaders.callerRef(headers.getAll(RequestHeaders.CALLER_REF));
        Trigger trigger = RequestHeaders.trigger(headers.getAll(RequestHeaders.TRIGGER));
        return new StartRequest(params(headers.getAll("Content-Type"), body), dryRun, retryFailed, waiting, key,
                callerRef, headers.get(TraceContexts.TRACEPARENT), trigger);
    }

    /** What a re-run asks for: the same strict query and headers as a start, without a body, key or retryFailed. */
    StartRequest parseRerun(String rawQuery, MultiMap headers) {
        StartRequest asked = parse(rawQuery, headers, new byte[0]);
        if (asked.idempotencyKey() != null || asked.retryFailed()) {
            throw new InvalidRequestException("a re-run takes no Idempotency-Key and no retryFailed: it always makes a"
                    + " new run of the stored parameters");
        }
        return asked;
    }

    // --- Query ------------------------------------------------------------------------------------------------------

    static Map<String, String> query(String rawQuery) {
        Map<String, String> found = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return found;
        }
        for (String part : rawQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue; // "?&wait=0" or a trailing "&" names nothing
            }
            int equals = part.indexOf('=');
            String name = decode(equals < 0 ? part : part.substring(0, equals));
            if (!QUERY_NAMES.contains(name)) {
                throw new InvalidRequestException("unknown query parameter '" + quote(name) + "'"
                        + suggestion(name) + "; a start takes " + String.join(", ", QUERY_NAMES));
            }
            if (found.containsKey(name)) {
                throw new InvalidRequestException(name + " is given twice; give it once");
            }
            String value = equals < 0 ? "" : decode(part.substring(equals + 1));
            if (value.isEmpty()) {
                throw new InvalidRequestException(name + " needs a value, such as "
                        + (name.equals("wait") ? "wait=30" : name + "=true or " + name + "=false"));
            }
            found.put(name, value);
        }
        return found;
    }

    private static String suggestion(String name) {
        String loose = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return QUERY_NAMES.stream()
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

    static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException(name + " must be true or false, not '" + quote(value) + "'");
    }

    // --- Body -------------------------------------------------------------------------------------------------------

    private JsonNode params(List<String> contentTypes, byte[] body) {
        if (body == null || body.length == 0) {
            return null; // nothing to misread, whatever the type says
        }
        if (body.length > config.maxBodyBytes()) {
            throw new PayloadTooLargeException(body.length, config.maxBodyBytes());
        }
        boolean form = acceptedType(contentTypes);
        if (form && !startsLikeAnObject(body)) {
            throw new UnsupportedBodyTypeException("a form body is accepted only when it is a JSON object, such as"
                    + " {\"olderThanDays\": 30}; accepted: " + ACCEPTED_TYPES);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(JsonProblems.describe(e));
        } catch (IOException e) {
            throw new InvalidRequestException("the body could not be read");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object of parameters, such as {\"olderThanDays\": 30}");
        }
        if (node.size() > config.maxParameters()) {
            throw new InvalidRequestException("the body has " + node.size() + " parameters; the limit is "
                    + config.maxParameters() + " (ormtask.api.max-parameters)");
        }
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual() && field.getValue().textValue().length() > config.maxParameterLength()) {
                throw new InvalidRequestException("parameter '" + quote(field.getKey()) + "' is longer than "
                        + config.maxParameterLength() + " characters (ormtask.api.max-parameter-length)");
            }
        });
        return node;
    }

    /** True for a form type (read as JSON if it is an object), false for JSON or none; else 415. */
    private static boolean acceptedType(List<String> contentTypes) {
        if (contentTypes.isEmpty()) {
            return false;
        }
        if (contentTypes.size() > 1) {
            throw new UnsupportedBodyTypeException("Content-Type is given " + contentTypes.size() + " times; accepted: "
                    + ACCEPTED_TYPES);
        }
        String[] parts = contentTypes.get(0).split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2
                    && !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new UnsupportedBodyTypeException("the body must be UTF-8, not charset "
                        + quote(parameter[1].strip()));
            }
        }
        return switch (type) {
            case "application/json" -> false;
            case "application/x-www-form-urlencoded" -> true;
            default -> throw new UnsupportedBodyTypeException("Content-Type '" + quote(type) + "' is not accepted;"
                    + " accepted: " + ACCEPTED_TYPES);
        };
    }

    private static boolean startsLikeAnObject(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /** A client's text inside a detail: bounded, without control characters. */
    static String quote(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "…";
    }
}
