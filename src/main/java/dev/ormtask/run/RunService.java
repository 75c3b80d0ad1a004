package dev.ormtask.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ormtask.datasource.DataSourceStatus;
import dev.ormtask.datasource.DataSourceUnavailableException;
import dev.ormtask.history.DuplicateRequestException;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.ParameterBinder;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.TaskRegistry;
import dev.ormtask.task.Trigger;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Starts runs, waits for them and reads them back: the one entry point for the API, the scheduler and the dashboard. */
@Singleton
public class RunService {

    private final TaskRegistry registry;
    private final RunAdmission admission;
    private final RunHistory history;
    private final RunHandles handles;
    private final ResultEncoder encoder;
    private final DryRunSupport dryRuns;
    private final ConcurrencyGuard concurrency;
    private final RunCanceller canceller;
    private final DataSourceStatus dataSources;
    private final IdempotentStarts idempotency;
    private final ShutdownDrain drain;
    private final NodeIdentity node;
    private final ObjectMapper mapper;
    private final RunMetrics metrics;

    RunService(TaskRegistry registry, RunAdmission admission, RunHistory history, RunHandles handles,
            ResultEncoder encoder, DryRunSupport dryRuns, ConcurrencyGuard concurrency, RunCanceller canceller,
            DataSourceStatus dataSources, IdempotentStarts idempotency, ShutdownDrain drain, NodeIdentity node,
            ObjectMapper mapper, RunMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
        this.registry = registry;
        this.admission = admission;
        this.history = history;
        this.handles = handles;
        this.encoder = encoder;
        this.dryRuns = dryRuns;
        this.concurrency = concurrency;
        this.canceller = canceller;
        this.dataSources = dataSources;
        this.idempotency = idempotency;
        this.drain = drain;
        this.node = node;
    }

    /** Starts a run nobody waits for here (a cron fire). */
    public RunHandle start(RunRequest request) {
        return start(request, false);
    }

    /**
     * Validates and starts a run; with {@code watch}, its handle completes when the run ends. Throws
     * {@code TaskNotFoundException}, {@link TaskDisabledException}, {@code InvalidParametersException},
     * {@link DryRunUnavailableException}, {@link ConcurrencyConflictException} or {@link CapacityExceededException}
     * before anything is written.
     */
    public RunHandle start(RunRequest request, boolean watch) {
        return start(validated(request), request, watch);
    }

    /**
     * {@link #start(RunRequest, boolean)} for a caller that must not block (an event-loop thread): the request is
     * validated at once (the same exceptions, thrown here), and the handle comes once the run is recorded. A start
     * that has to read or lock history first (an Idempotency-Key, a FORBID or REPLACE task) runs on {@code blocking}.
     */
    public CompletionStage<RunHandle> startWithoutBlocking(RunRequest request, boolean watch, Executor blocking) {
        Validated valid = validated(request);
        if (request.idempotencyKey() != null || valid.task().concurrency() != ConcurrencyPolicy.ALLOW) {
            return CompletableFuture.supplyAsync(() -> start(valid, request, watch), blocking);
        }
        RunRecord run = newRun(request, valid.paramsJson());
        return admission.admitLater(valid.task(), valid.params(), run, null, watch);
    }

    /** A start request checked against its task: what a start needs, nothing written yet. */
    private record Validated(RegisteredTask task, TaskParameters params, String paramsJson) {}

    private Validated validated(RunRequest request) {
        RegisteredTask task = registry.get(request.task());
        if (!task.enabled()) {
            throw new TaskDisabledException(task.name());
        }
        TaskParameters params = ParameterBinder.bind(task.params(), request.params());
        String down = dataSources.problem(task.datasource());
        if (down != null) {
            throw new DataSourceUnavailableException(task.name(), task.datasource(), down, dataSources.retryAfter());
        }
        if (request.dryRun()) {
            dryRuns.check(task);
        }
        return new Validated(task, params, encoder.json(params.asMap()));
    }

    private RunHandle start(Validated valid, RunRequest request, boolean watch) {
        RegisteredTask task = valid.task();
        String paramsJson = valid.paramsJson();
        IdempotentStarts.Earlier earlier = IdempotentStarts.Earlier.NONE;
        if (request.idempotencyKey() != null) {
            earlier = idempotency.earlier(request, paramsJson);
            if (earlier.answer() != null) {
                return handles.watch(earlier.answer());
            }
        }
        RunRecord fresh = newRun(request, paramsJson);
        RunRecord run = earlier.retryOf() == null ? fresh : fresh.attemptAfter(earlier.retryOf());
        String keyFrom = earlier.keyHolder() == null ? null : earlier.keyHolder().id();
        try {
            return concurrency.start(task, run, () -> admission.admit(task, valid.params(), run, keyFrom, watch));
        } catch (DuplicateRequestException e) {
            // Another request with the same key was recorded first, here or on another replica. Its run is the
            // answer even if it has failed already: one retry makes one new attempt.
            return Optional.ofNullable(idempotency.earlier(request.retryingFailed(false), paramsJson).answer())
                    .map(handles::watch).orElseThrow(() -> e);
        }
    }

    /** Whether this node has been told to stop (SIGTERM): it starts no run from then on. */
    public boolean stopping() {
        return drain.stopping();
    }

    /**
     * Waits up to {@code wait} for the run to end: its terminal record, else its record as it is when the wait ends —
     * early when the node shuts down, so that no waiting client is cut off.
     */
    public CompletionStage<RunRecord> await(RunHandle handle, Duration wait) {
        if (wait.isZero() || handle.finished().isDone()) {
            return handle.finished().isDone() ? handle.finished().copy() : CompletableFuture.completedFuture(handle.current());
        }
        if (drain.stopping() && handle.current().status() == RunStatus.QUEUED) {
            // It will not start here: told so now (202 + Location), not held until the grace ends, which kept a stop
            // with nothing left to finish waiting for the whole grace.
            return CompletableFuture.completedFuture(handle.current());
        }
        CompletableFuture<RunRecord> answer = handle.finished().copy()
                .completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS);
        drain.answerEarlyOnStop(answer);
        return answer.thenApply(done -> done != null ? done : handle.current());
    }

    /**
     * A handle on a run, to wait for its end without holding a thread: its {@code finished()} completes at once when
     * the run has ended, when it ends on this node, or when history shows it ended on another one.
     */
    public RunHandle follow(String id) {
        return handles.watch(get(id));
    }

    /**
     * Starts an earlier run's task again with that run's stored parameters, linked to it ({@code rerunOf}); with
     * {@code watch}, its handle completes when the new run ends. Secret parameters never leave the service on the way.
     * The stored parameters are validated against the task's declaration as it is now, with a new start's errors.
     */
    public RunHandle rerun(RunRecord earlier, boolean dryRun, Trigger trigger, String requestedBy, boolean watch) {
        JsonNode params;
        try {
            params = earlier.paramsJson() == null ? null : mapper.readTree(earlier.paramsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run " + earlier.id() + " has parameters that are not JSON", e);
        }
        return start(RunRequest.rerun(earlier.taskName(), params, dryRun, trigger, requestedBy, earlier.id()), watch);
    }

    /**
     * Records a start that policy refused as a SKIPPED run (a FORBID task's cron fire while a run is active).
     * Throws {@code DuplicateFireException} when another replica recorded this fire first.
     */
    public RunRecord skip(RunRequest request, String reason) {
        RunRecord run = newRun(request, null);
        RunRecord skipped = run.skipped(reason, run.queuedAt(), node.name());
        history.insert(skipped);
        metrics.finished(skipped);
        return skipped;
    }

    /** Cancels a queued or running run (409 for a finished one). */
    public RunRecord cancel(String id, String requestedBy) {
        if (!RunIds.isWellFormed(id)) {
            throw new RunNotFoundException(id);
        }
        return canceller.cancel(id, "requested by " + requestedBy);
    }

    /**
     * Runs newest first, keyset-paginated: older than {@code beforeId}, optionally of one task, one status and one
     * caller reference (a trailing {@code *} matches every reference starting with the rest).
     */
    public List<RunRecord> page(String task, RunStatus status, String caller, String beforeId, int limit) {
        return history.page(task, status, caller, beforeId, limit);
    }

    public RunRecord get(String id) {
        // An id this service never makes cannot exist: answer 404 without asking the database.
        if (!RunIds.isWellFormed(id)) {
            throw new RunNotFoundException(id);
        }
        return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
    }

    private RunRecord newRun(RunRequest request, String paramsJson) {
        return new RunRecord(RunIds.next(node.clock()), request.task(), RunStatus.QUEUED, request.trigger(),
                paramsJson, request.dryRun(), null, null, null, node.now(), null, null, node.name(),
                request.requestedBy(), request.scheduledAt(), request.idempotencyKey(), 1, null, request.callerRef(),
                request.traceparent(), request.rerunOf());
    }
}
