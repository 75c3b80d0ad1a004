package dev.ormtask.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ormtask.task.Trigger;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    static final List<String> RERUN_QUERY_NAMES = List.of("wait", "dryRun");
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
        return parse(rawQuery, headers, body, QUERY_NAMES, "a start");
    }

    private StartRequest parse(String rawQuery, MultiMap headers, byte[] body, List<String> names, String what) {
        Map<String, String> query = StrictQuery.read(rawQuery, names, what);
        WaitPreference waiting = WaitPreference.of(query.get("wait"), HeaderElement.joined(headers.getAll("Prefer")),
                config);
        boolean dryRun = flag("dryRun", query.get("dryRun"));
        String key = RequestHeaders.idempotencyKey(headers.getAll(RequestHeaders.IDEMPOTENCY_KEY));
        boolean retryFailed = flag("retryFailed", query.get("retryFailed"));
        if (retryFailed && key == null) {
            throw new InvalidRequestException("retryFailed needs an Idempotency-Key: it names the run to try again");
        }
        String callerRef = RequestHeaders.callerRef(headers.getAll(RequestHeaders.CALLER_REF));
        Trigger trigger = RequestHeaders.trigger(headers.getAll(RequestHeaders.TRIGGER));
        return new StartRequest(params(headers.getAll("Content-Type"), body), dryRun, retryFailed, waiting, key,
                callerRef, RequestHeaders.traceparent(headers.getAll(RequestHeaders.TRACEPARENT)), trigger);
    }

    /** What a re-run asks for: the same strict query and headers as a start, without a body, key or retryFailed. */
    StartRequest parseRerun(String rawQuery, MultiMap headers) {
        StartRequest asked = parse(rawQuery, headers, new byte[0], RERUN_QUERY_NAMES, "a re-run");
        if (asked.idempotencyKey() != null) {
            throw new InvalidRequestException("a re-run takes no Idempotency-Key: it always makes a new run of the"
                    + " stored parameters");
        }
        return asked;
    }

    // --- Query ------------------------------------------------------------------------------------------------------

    static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException(name + " must be true or false, not '" + StrictQuery.quote(value) + "'");
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
            // Checked only once Jackson has failed: it reads a quote after a cut-off UTF-8 sequence as part of that
            // sequence and then reports the JSON as ending early, which sends the caller looking for a missing brace.
            int malformedAt = malformedUtf8At(body);
            if (malformedAt >= 0) {
                throw new InvalidRequestException("the body is not valid UTF-8: byte " + (malformedAt + 1) + " (0x"
                        + String.format("%02x", body[malformedAt] & 0xff) + ") does not fit a UTF-8 character; send"
                        + " the body as UTF-8");
            }
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
                throw new InvalidRequestException("parameter '" + StrictQuery.quote(field.getKey()) + "' is longer than "
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
        HeaderElement contentType = HeaderElement.single(contentTypes.get(0));
        String type = contentType == null ? "" : contentType.name();
        String charset = contentType == null ? null : contentType.parameter("charset");
        if (contentType != null && contentType.repeated().contains("charset")) {
            throw new UnsupportedBodyTypeException("Content-Type names charset more than once; send it once, as utf-8");
        }
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new UnsupportedBodyTypeException("the body must be UTF-8, not charset " + StrictQuery.quote(charset));
        }
        return switch (type) {
            case "application/json" -> false;
            case "application/x-www-form-urlencoded" -> true;
            default -> throw new UnsupportedBodyTypeException("Content-Type '" + StrictQuery.quote(type) + "' is not accepted;"
                    + " accepted: " + ACCEPTED_TYPES);
        };
    }

    /** The index of the first byte that is not part of a well-formed UTF-8 character, or -1 when all are. */
    static int malformedUtf8At(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return in.position();
        }
        return decoder.flush(out).isError() ? in.position() : -1;
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
}
