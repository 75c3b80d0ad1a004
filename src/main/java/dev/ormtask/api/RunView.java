package dev.ormtask.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ormtask.history.RunProgress;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one shape of a run in every API body. JSON columns are passed through as the JSON they are, with secret
 * parameters masked ({@link RunViews}). {@code callerRef} is the start's X-Caller-Ref; {@code traceparent} the W3C
 * trace context its span continues, {@code traceId} its trace; {@code rerunOf} the run this one was started again
 * from; {@code progress} the task's last progress report (always in {@code GET /api/runs/{id}}, in lists only for runs
 * still running; null when it made none).
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
        @Schema(nullable = true) String traceparent,
        @Schema(nullable = true) String rerunOf,
        @Schema(nullable = true) ProgressView progress) {

    /** A run with what people may see of its parameters, result and error. */
    static RunView of(RunRecord run, String params, String result, String errorMessage, RunProgress progress) {
        return new RunView(run.id(), run.taskName(), run.status(), run.trigger(), params, run.dryRun(),
                result, run.changesJson(),
                run.error() == null ? null : new ErrorView(errorMessage, run.error().exceptionClass()),
                run.queuedAt(), run.startedAt(), run.finishedAt(), run.durationMs(), run.node(), run.requestedBy(),
                run.scheduledAt(), run.fireDelayMs(), run.attempt(), run.firstAttemptId(), run.callerRef(),
                run.traceId(), run.traceparent(), run.rerunOf(), ProgressView.of(progress, run));
    }

    /**
     * Why a run failed. The stack excerpt stays in the history table for operators: API bodies never carry
     * stack traces.
     */
    public record ErrorView(String message, String exceptionClass) {}

    /**
     * How far the run has got.
     *
     * @param total null when the task does not know
     * @param estimatedFinishAt for a running run with a known total: when it ends if it keeps the pace it has had
     *     since it started; else null
     */
    public record ProgressView(long done, @Schema(nullable = true) Long total, @Schema(nullable = true) String message,
            Instant updatedAt, @Schema(nullable = true) Instant estimatedFinishAt) {

        static ProgressView of(RunProgress progress, RunRecord run) {
            if (progress == null) {
                return null;
            }
            Instant estimate = null;
            if (run.status() == RunStatus.RUNNING && run.startedAt() != null && progress.total() != null
                    && progress.done() > 0 && progress.done() < progress.total()) {
                long elapsed = Math.max(0, progress.updatedAt().toEpochMilli() - run.startedAt().toEpochMilli());
                double perUnit = (double) elapsed / progress.done();
                estimate = progress.updatedAt().plusMillis((long) (perUnit * (progress.total() - progress.done())));
            }
            return new ProgressView(progress.done(), progress.total(), progress.message(), progress.updatedAt(), estimate);
        }
    }
}
