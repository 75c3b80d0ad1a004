package dev.ormtask.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.Trigger;
import java.time.Instant;

/** The one shape of a run in every API body. JSON columns are passed through as the JSON they are. */
public record RunView(
        String id,
        String task,
        RunStatus status,
        Trigger trigger,
        @JsonRawValue String params,
        boolean dryRun,
        @JsonRawValue String result,
        @JsonRawValue String changes,
        ErrorView error,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String node,
        String requestedBy,
        Instant scheduledAt,
        Long fireDelayMs,
        int attempt,
        String firstAttemptId) {

    static RunView of(RunRecord run) {
        return new RunView(run.id(), run.taskName(), run.status(), run.trigger(), run.paramsJson(), run.dryRun(),
                run.resultJson(), run.changesJson(), ErrorView.of(run.error()), run.queuedAt(), run.startedAt(),
                run.finishedAt(), run.durationMs(), run.node(), run.requestedBy(), run.scheduledAt(), run.fireDelayMs(),
                run.attempt(), run.firstAttemptId());
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
