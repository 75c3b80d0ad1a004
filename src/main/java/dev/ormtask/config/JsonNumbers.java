package dev.ormtask.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON numbers with a fraction are read as exact decimals, everywhere the service reads JSON: a DECIMAL parameter
 * sent as {@code 12345678901234567890.123456789} or {@code 100.10} reaches the task with every digit (through a
 * double it lost them), both when a start is accepted and when a queued run is read back from history.
 */
@Singleton
public class JsonNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** The same settings for a mapper made outside CDI (unit tests). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // 100.10 stays 100.10: the task gets the scale the client sent
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }
}
