package dev.ormtask.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;

/**
 * W3C trace context as history stores it: the {@code traceparent} a run's span continues, read and written with
 * OpenTelemetry's own W3C propagator (an invalid header is ignored, as the W3C spec asks).
 */
public final class TraceContexts {

    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapSetter<Map<String, String>> TO_MAP = (carrier, key, value) -> carrier.put(key, value);

    private TraceContexts() {}

    /**
     * The trace context a run started by this request continues: the caller's own ({@code traceparent} header) when
     * it sent a valid one; else the span OpenTelemetry opened for this request, when tracing is on; else null.
     */
    public static String ofRequest(String traceparentHeader) {
        SpanContext caller = spanContext(traceparentHeader);
        if (caller.isValid()) {
            return format(caller);
        }
        SpanContext request = Span.current().getSpanContext();
        return request.isValid() ? format(request) : null;
    }

    /** The context to start a run's span in: the remote parent that {@code traceparent} names, else none (a root). */
    static Context parentOf(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), FROM_MAP);
    }

    static SpanContext spanContext(String traceparent) {
        return Span.fromContext(parentOf(traceparent)).getSpanContext();
    }

    static String format(SpanContext context) {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.root().with(Span.wrap(context)), carrier, TO_MAP);
        return carrier.get(TRACEPARENT);
    }
}
