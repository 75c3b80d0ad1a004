package dev.ormtask.api;

import dev.ormtask.trace.TraceContexts;
import java.util.List;

/** The headers a caller names itself and its request by, checked before anything is written. */
final class RequestHeaders {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String CALLER_REF = "X-Caller-Ref";
    static final String TRACEPARENT = TraceContexts.TRACEPARENT;
    /** A client (the dashboard) records its starts with another trigger than {@code API}. */
    static final String TRIGGER = "X-Ormtask-Trigger";
    private static final int MAX_LENGTH = 200;
    private static final String CALLER_EXAMPLE = ", such as airflow:dag_id/run_id/task_id/try or k8s:namespace/job-name";

    private RequestHeaders() {}

    /**
     * The key as sent, or null when the header is absent; 400 unless it is given once, as 1 to 200 printable ASCII
     * characters. An empty key is not "no key": HTTP strips the spaces around a value, so a key of spaces arrives
     * empty, and two starts with it must not make two runs.
     */
    static String idempotencyKey(List<String> headers) {
        return checked(IDEMPOTENCY_KEY, once(IDEMPOTENCY_KEY, headers), "");
    }

    /** The caller reference header as sent, or null when absent; 400 unless given once and well-formed. */
    static String callerRef(List<String> headers) {
        return callerRef(once(CALLER_REF, headers));
    }

    /**
     * The caller reference as sent, or null when none was; 400 unless it is 1 to 200 printable ASCII characters
     * other than '*', the caller filter's wildcard (a reference holding one could not be selected exactly).
     */
    static String callerRef(String header) {
        String ref = checked(CALLER_REF, header, CALLER_EXAMPLE);
        if (ref != null && ref.indexOf('*') >= 0) {
            throw new InvalidRequestException(CALLER_REF + " must not hold a '*': in the caller filter of a run list a"
                    + " trailing * matches every reference starting with the rest");
        }
        return ref;
    }

    /** The {@code caller} filter of a run list, checked as a caller reference but named as the query parameter. */
    static String callerFilter(String query) {
        return checked("caller (an X-Caller-Ref, or its beginning and *)", query, CALLER_EXAMPLE
                + "; in a query a '+' is a space, so send a '+' as %2B");
    }

    /**
     * The W3C {@code traceparent} as sent, or null; 400 when given twice (which trace the run joins would be the HTTP
     * library's pick). A malformed one is not refused: the run then starts a trace of its own, as W3C asks.
     */
    static String traceparent(List<String> headers) {
        String value = once(TRACEPARENT, headers);
        if (value != null && value.indexOf(',') >= 0) {
            // two values on one line, as a proxy may join two header lines: the same refusal as two lines
            throw new InvalidRequestException(TRACEPARENT + " is given more than once (a ',' in its value); give it once");
        }
        return value;
    }

    /** The trigger a start is recorded with: {@code API} unless the client says {@code DASHBOARD}; else 400. */
    static dev.ormtask.task.Trigger trigger(List<String> headers) {
        String header = once(TRIGGER, headers);
        if (header == null) {
            return dev.ormtask.task.Trigger.API;
        }
        return switch (header.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "API" -> dev.ormtask.task.Trigger.API;
            case "DASHBOARD" -> dev.ormtask.task.Trigger.DASHBOARD;
            default -> throw new InvalidRequestException(TRIGGER + " must be API or DASHBOARD");
        };
    }

    private static String once(String name, List<String> headers) {
        if (headers.size() > 1) {
            throw new InvalidRequestException(name + " is given " + headers.size() + " times; give it once");
        }
        return headers.isEmpty() ? null : headers.get(0);
    }

    private static String checked(String name, String value, String example) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidRequestException(name + " must be 1 to " + MAX_LENGTH + " printable ASCII characters" + example);
        }
        return value;
    }
}
