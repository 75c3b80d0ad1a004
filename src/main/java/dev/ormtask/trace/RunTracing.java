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
import org.jboss.logging.MDC;

/**
 * A run's work as a span of its caller's trace: its parent is the stored {@code traceparent} (so any replica that
 * executes the run continues the same trace), or none for a run nobody traced (a cron fire starts a trace of its
 * own). While it is open, log lines carry {@code traceId} and {@code spanId} in the MDC beside {@code runId}.
 */
@Singleton
public class RunTracing {

    static final String MDC_TRACE_ID = "traceId";
    static final String MDC_SPAN_ID = "spanId";

    private final Tracer tracer;

    RunTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Opens the span of a run that starts executing on this thread; close it on the same thread. */
    public Traced begin(RunRecord run) {
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
        // With tracing switched off the span is a no-op without ids; the caller's trace id still identifies the run.
        String traceId = context.isValid() ? context.getTraceId() : run.traceId();
        if (traceId != null) {
            MDC.put(MDC_TRACE_ID, traceId);
        }
        if (context.isValid()) {
            MDC.put(MDC_SPAN_ID, context.getSpanId());
        }
        return new Traced(span, scope);
    }

    /** An open run span. */
    public static final class Traced implements AutoCloseable {

        private final Span span;
        private final Scope scope;

        private Traced(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Records how the run ended: a run that did not succeed is an error span with its message. */
        public void finished(RunRecord done) {
            span.setAttribute("ormtask.status", done.status().name());
            if (done.status() != RunStatus.SUCCEEDED) {
                String why = done.error() == null ? null : done.error().message();
                span.setStatus(StatusCode.ERROR, why == null ? done.status().name() : why);
            }
        }

        /** Ends the span and takes the trace ids out of the MDC. */
        @Override
        public void close() {
            scope.close();
            span.end();
            MDC.remove(MDC_TRACE_ID);
            MDC.remove(MDC_SPAN_ID);
        }
    }
}
