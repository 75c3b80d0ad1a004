package dev.ormtask.history;

import dev.ormtask.task.Trigger;
import java.time.Instant;

/**
 * One row of run history. JSON columns hold JSON text exactly as stored.
 *
 * @param changesJson what a dry run changed, or null
 * @param scheduledAt the cron fire time this run belongs to; null for runs not started by the scheduler
 * @param idempotencyKey the client's Idempotency-Key, or null
 * @param attempt 1 for a first run, 2… for retries
 * @param firstAttemptId the first attempt's id for a retry, else null
 * @param callerRef who asked, as the caller names itself ({@code X-Caller-Ref}, e.g. {@code k8s:ns/job}), or null
 * @param traceparent the W3C trace context the run's span continues ({@code 00-<trace id>-<span id>-<flags>}), or null
 * @param rerunOf the run this one was started again from ({@code POST /api/runs/{id}/rerun}), else null
 */
public record RunRecord(
        String id,
        String taskName,
        RunStatus status,
        Trigger trigger,
        String paramsJson,
        boolean dryRun,
        String resultJson,
        String changesJson,
        RunError error,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        String node,
        String requestedBy,
        Instant scheduledAt,
        String idempotencyKey,
        int attempt,
        String firstAttemptId,
        String callerRef,
        String traceparent,
        String rerunOf) {

    /** A run recorded without caller correlation (cron fires; records written before it existed). */
    public RunRecord(String id, String taskName, RunStatus status, Trigger trigger, String paramsJson, boolean dryRun,
            String resultJson, String changesJson, RunError error, Instant queuedAt, Instant startedAt,
            Instant finishedAt, String node, String requestedBy, Instant scheduledAt, String idempotencyKey, int attempt,
            String firstAttemptId) {
        this(id, taskName, status, trigger, paramsJson, dryRun, resultJson, changesJson, error, queuedAt, startedAt,
                finishedAt, node, requestedBy, scheduledAt, idempotencyKey, attempt, firstAttemptId, null, null, null);
    }

    /** A run that does not repeat another. */
    public RunRecord(String id, String taskName, RunStatus status, Trigger trigger, String paramsJson, boolean dryRun,
            String resultJson, String changesJson, RunError error, Instant queuedAt, Instant startedAt,
            Instant finishedAt, String node, String requestedBy, Instant scheduledAt, String idempotencyKey, int attempt,
            String firstAttemptId, String callerRef, String traceparent) {
        this(id, taskName, status, trigger, paramsJson, dryRun, resultJson, changesJson, error, queuedAt, startedAt,
                finishedAt, node, requestedBy, scheduledAt, idempotencyKey, attempt, firstAttemptId, callerRef,
                traceparent, null);
    }

    /** The next attempt of this failed run: queued now, on {@code onNode}, linked to the first attempt. */
    public RunRecord retry(String newId, Instant at, String onNode) {
        if (status != RunStatus.FAILED) {
            throw new IllegalStateException("only a failed run is retried, not a " + status + " one");
        }
        return new RunRecord(newId, taskName, RunStatus.QUEUED, dev.ormtask.task.Trigger.RETRY, paramsJson, dryRun,
                null, null, null, at, null, null, onNode, requestedBy, null, null, attempt + 1,
                firstAttemptId == null ? id : firstAttemptId, callerRef, traceparent);
    }

    /** A start that policy refused: recorded straight away as SKIPPED with the reason. */
    public RunRecord skipped(String reason, Instant at, String byNode) {
        if (status != RunStatus.QUEUED) {
            throw new IllegalStateException("only a new run can be skipped, not a " + status + " one");
        }
        return new RunRecord(id, taskName, RunStatus.SKIPPED, trigger, paramsJson, dryRun, null, null,
                RunError.of(reason), queuedAt, null, at, byNode, requestedBy, scheduledAt, idempotencyKey, attempt, firstAttemptId,
                callerRef, traceparent, rerunOf);
    }

    /**
     * This new run as the next attempt of a run that ended in failure, which a caller asked to try again
     * (Idempotency-Key with {@code retryFailed}): numbered after it and linked to its first attempt.
     */
    public RunRecord attemptAfter(RunRecord failed) {
        if (status != RunStatus.QUEUED || !failed.status().isTerminal() || failed.status() == RunStatus.SUCCEEDED) {
            throw new IllegalStateException("a new run follows a run that failed, not a " + failed.status() + " one");
        }
        return new RunRecord(id, taskName, status, trigger, paramsJson, dryRun, resultJson, changesJson, error, queuedAt,
                startedAt, finishedAt, node, requestedBy, scheduledAt, idempotencyKey, failed.attempt() + 1,
                failed.firstAttemptId() == null ? failed.id() : failed.firstAttemptId(), callerRef, traceparent, rerunOf);
    }

    /** The trace id of {@link #traceparent()}, or null. */
    public String traceId() {
        return traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35);
    }

    /** Milliseconds between the cron fire time and the actual start, for scheduled runs. */
    public Long fireDelayMs() {
        return scheduledAt == null || startedAt == null ? null : startedAt.toEpochMilli() - scheduledAt.toEpochMilli();
    }

    /** Milliseconds between start and finish, once both are known. */
    public Long durationMs() {
        return startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    public RunRecord started(Instant at, String byNode) {
        check(RunStatus.RUNNING);
        return new RunRecord(id, taskName, RunStatus.RUNNING, trigger, paramsJson, dryRun, null, null, null,
                queuedAt, at, null, byNode, requestedBy, scheduledAt, idempotencyKey, attempt, firstAttemptId, callerRef,
                traceparent, rerunOf);
    }

    public RunRecord finished(RunStatus terminal, String result, String changes, RunError why, Instant at) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("a finished run needs a terminal status, not " + terminal);
        }
        check(terminal);
        return new RunRecord(id, taskName, terminal, trigger, paramsJson, dryRun, result, changes, why,
                queuedAt, startedAt, at, node, requestedBy, scheduledAt, idempotencyKey, attempt, firstAttemptId, callerRef,
                traceparent, rerunOf);
    }

    private void check(RunStatus next) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException("run " + id + " cannot go from " + status + " to " + next);
        }
    }
}
