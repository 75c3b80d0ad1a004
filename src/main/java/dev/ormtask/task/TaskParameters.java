package dev.ormtask.task;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Map;

/** A run's parameters after validation: every declared parameter that was given or has a default. */
public final class TaskParameters {

    private final Map<String, Object> values;

    TaskParameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Values by name, in declaration order; absent optional parameters without default are missing. */
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name) {
        return get(name, String.class);
    }

    public Integer integer(String name) {
        return get(name, Integer.class);
    }

    public Long longValue(String name) {
        return get(name, Long.class);
    }

    public BigDecimal decimal(String name) {
        return get(name, BigDecimal.class);
    }

    public Boolean bool(String name) {
        return get(name, Boolean.class);
    }

    public LocalDate date(String name) {
        return get(name, LocalDate.class);
    }

    public OffsetDateTime dateTime(String name) {
        return get(name, OffsetDateTime.class);
    }

    private <T> T get(String name, Class<T> type) {
        Object value = values.get(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new IllegalArgumentException(
                "parameter '" + name + "' is a " + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
    }
}
