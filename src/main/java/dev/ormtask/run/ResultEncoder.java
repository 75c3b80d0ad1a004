package dev.ormtask.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/** Turns what a task returned into the JSON text kept in history, capped at {@code ormtask.run.max-result-bytes}. */
@Singleton
public class ResultEncoder {

    private final ObjectMapper mapper;
    private final int maxBytes;

    ResultEncoder(ObjectMapper mapper, RunConfig config) {
        this.mapper = mapper;
        this.maxBytes = config.maxResultBytes();
    }

    /** JSON text, or null for a null result; throws when the value cannot be written as JSON. */
    public String encode(Object value) throws JsonProcessingException {
        if (value == null) {
            return null;
        }
        byte[] json = mapper.writeValueAsBytes(value);
        if (json.length <= maxBytes) {
            return new String(json, StandardCharsets.UTF_8);
        }
        // Keep the run's record small but say plainly that the result was cut, and how big it was.
        return mapper.writeValueAsString(new Truncated(true, json.length, maxBytes));
    }

    /** Any value as JSON text, for values this service builds itself (parameters, change counts). */
    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** The marker stored instead of a result over the cap. */
    public record Truncated(boolean truncated, int bytes, int limitBytes) {}
}
