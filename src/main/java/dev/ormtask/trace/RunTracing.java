package dev.ormtask.trace;

import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * A run's work as a span of its caller's trace: its parent is the stored {@code traceparent} (so any replica that
 * executes the run continues the same trace), or none for a run nobody traced (a cron fire starts a trace of its
 * own). While it is open, log lines carry {@code traceId} and {@code spanId} in the MDC beside {@code runId}.
 * With tracing off no span is made: OpenTelemetry's SDK, switched off, still makes spans with fresh ids that go
 * nowhere, and a run's log lines would then name a trace that neither a collector nor the API knows.
 */
@Singleton
public class RunTracing {

    static final String MDC_TRACE_ID = "traceId";
    static final String MDC_SPAN_ID = "spanId";

    private final Tracer tracer;
    private final boolean off;

    RunTracing(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean off) {
        this.tracer = tracer;
        this.off = off;
    }

    /** Opens the span of a run that starts executing on this thread; close it on the same thread. */
    public Traced begin(RunRecord run) {
        if (off) {
            // The caller's trace id, when it sent one, is still what the API shows and what its own logs carry.
            putTraceId(run.traceId());
            return new Traced(null, null);
        }
        Span span = tracer.spanBuilder("run " + run.taskName())
                .setParent(TraceContexts.parentOf(run.traceparent()))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("ormtask.run.id", run.id())
                .setAttribute("ormtask.task", run.taskName())
                .setAttribute("ormtask.trigger", run.trigger().name())
                .setAttribute("ormtask.attempt", run.attempt())
                .setAttribute("ormtask.caller_ref", run.callerRef() == null ? "" : run.callerRef())
                .startSpan();
        Scope scope = span.makeCurrent();
        SpanContext context = span.getSpanContext();
        // A tracer without an SDK behind it (traces switched off at build time) makes spans without ids.
        putTraceId(context.isValid() ? context.getTraceId() : run.traceId());
        if (context.isValid()) {
            MDC.put(MDC_SPAN_ID, context.getSpanId());
        }
        return new Traced(span, scope);
    }

    private static void putTraceId(String traceId) {
        if (traceId != null) {
            MDC.put(MDC_TRACE_ID, traceId);
        }
    }

    /** An open run span, or none while tracing is off. */
    public static final class Traced implements AutoCloseable {

        private final Span span;
        private final Scope scope;

        private Traced(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Records how the run ended: a run that did not succeed is an error span with its message. */
        public void finished(RunRecord done) {
            if (span == null) {
                return;
            }
            span.setAttribute("ormtask.status", done.status().name());
            if (done.status() != RunStatus.SUCCEEDED) {
                String why = done.error() == null ? null : done.error().message();
                span.setStatus(StatusCode.ERROR, why == null ? done.status().name() : why);
            }
        }

        /** Ends the span and takes the trace ids out of the MDC. */
        @Override
        public void close() {
            if (span != null) {
                scope.close();
                span.end();
            }
            MDC.remove(MDC_TRACE_ID);
            MDC.remove(MDC_SPAN_ID);
        }
    }
}
