package dev.ormtask.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ormtask.task.Trigger;
import java.time.Instant;

/**
 * A request to start a task, before validation.
 *
 * @param params a JSON object of parameters, or null for none
 * @param scheduledAt the cron fire time for scheduler starts, else null
 * @param idempotencyKey the client's Idempotency-Key, else null
 * @param callerRef who asks, as the caller names itself (X-Caller-Ref), else null
 * @param traceparent the W3C trace context the run continues, else null
 * @param retryFailed with an Idempotency-Key: when the key's run ended in failure, start its next attempt instead of
 *     answering with the failure
 * @param rerunOf the earlier run this one starts again with the same parameters, else null
 */
public record RunRequest(
        String task,
        JsonNode params,
        boolean dryRun,
        Trigger trigger,
        String requestedBy,
        Instant scheduledAt,
        String idempotencyKey,
        String callerRef,
        String traceparent,
        boolean retryFailed,
        String rerunOf) {

    /** A start by a client (API, dashboard), not tied to a cron fire. */
    public static RunRequest manual(
            String task, JsonNode params, boolean dryRun, Trigger trigger, String requestedBy, String idempotencyKey) {
        return new RunRequest(task, params, dryRun, trigger, requestedBy, null, idempotencyKey, null, null, false, null);
    }

    /** A cron fire's start. */
    public static RunRequest scheduled(String task, Trigger trigger, String requestedBy, Instant fireTime) {
        return new RunRequest(task, null, false, trigger, requestedBy, fireTime, null, null, null, false, null);
    }

    /** A start of an earlier run's task with that run's stored parameters, linked to it. */
    public static RunRequest rerun(String task, JsonNode storedParams, boolean dryRun, Trigger trigger,
            String requestedBy, String earlierRunId) {
        return new RunRequest(task, storedParams, dryRun, trigger, requestedBy, null, null, null, null, false,
                earlierRunId);
    }

    /** This request as made by {@code callerRef} in the trace {@code traceparent} (either may be null). */
    public RunRequest calledBy(String callerRef, String traceparent) {
        return new RunRequest(task, params, dryRun, trigger, requestedBy, scheduledAt, idempotencyKey, callerRef,
                traceparent, retryFailed, rerunOf);
    }

    /** This request, asking for a new attempt when its Idempotency-Key's run ended in failure. */
    public RunRequest retryingFailed(boolean retry) {
        return new RunRequest(task, params, dryRun, trigger, requestedBy, scheduledAt, idempotencyKey, callerRef,
                traceparent, retry, rerunOf);
    }
}
