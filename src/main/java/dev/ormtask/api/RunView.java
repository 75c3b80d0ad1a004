package dev.ormtask.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one shape of a run in every API body. JSON columns are passed through as the JSON they are. {@code callerRef}
 * is the start's X-Caller-Ref; {@code traceparent} the W3C trace context its span continues, {@code traceId} its trace.
 */
public record RunView(
        String id,
        String task,
        RunStatus status,
        Trigger trigger,
        @Schema(ref = ApiExamples.ANY_JSON) @JsonRawValue String params,
        boolean dryRun,
        @Schema(ref = ApiExamples.ANY_JSON) @JsonRawValue String result,
        @Schema(ref = ApiExamples.ANY_JSON) @JsonRawValue String changes,
        @Schema(nullable = true) ErrorView error,
        Instant queuedAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(nullable = true) Long durationMs,
        @Schema(nullable = true) String node,
        @Schema(nullable = true) String requestedBy,
        @Schema(nullable = true) Instant scheduledAt,
        @Schema(nullable = true) Long fireDelayMs,
        int attempt,
        @Schema(nullable = true) String firstAttemptId,
        @Schema(nullable = true) String callerRef,
        @Schema(nullable = true) String traceId,
        @Schema(nullable = true) String traceparent) {

    static RunView of(RunRecord run) {
        return new RunView(run.id(), run.taskName(), run.status(), run.trigger(), run.paramsJson(), run.dryRun(),
                run.resultJson(), run.changesJson(), ErrorView.of(run.error()), run.queuedAt(), run.startedAt(),
                run.finishedAt(), run.durationMs(), run.node(), run.requestedBy(), run.scheduledAt(), run.fireDelayMs(),
                run.attempt(), run.firstAttemptId(), run.callerRef(), run.traceId(), run.traceparent());
    }

    /**
     * Why a run failed. The stack excerpt stays in the history table for operators: API bodies never carry
     * stack traces.
     */
    public record ErrorView(String message, String exceptionClass) {

        static ErrorView of(RunError error) {
            return error == null ? null : new ErrorView(error.message(), error.exceptionClass());
        }
    }
}
