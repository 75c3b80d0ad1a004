package dev.ormtask.run;

import dev.ormtask.datasource.DataSourceStatus;
import dev.ormtask.datasource.DataSourceUnavailableException;
import dev.ormtask.history.DuplicateRequestException;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.ParameterBinder;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.TaskRegistry;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** Starts runs and reads them back: the one entry point for the API, the scheduler and the dashboard. */
@Singleton
public class RunService {

    private final TaskRegistry registry;
    private final RunExecutor executor;
    private final RunHistory history;
    private final ResultEncoder encoder;
    private final DryRunSupport dryRuns;
    private final ConcurrencyGuard concurrency;
    private final RunCanceller canceller;
    private final DataSourceStatus dataSources;
    private final IdempotentStarts idempotency;

    RunService(TaskRegistry registry, RunExecutor executor, RunHistory history, ResultEncoder encoder,
            DryRunSupport dryRuns, ConcurrencyGuard concurrency, RunCanceller canceller, DataSourceStatus dataSources,
            IdempotentStarts idempotency) {
        this.idempotency = idempotency;
        this.dataSources = dataSources;
        this.concurrency = concurrency;
        this.canceller = canceller;
        this.registry = registry;
        this.executor = executor;
        this.history = history;
        this.encoder = encoder;
        this.dryRuns = dryRuns;
    }

    /**
     * Validates and starts a run. Throws {@code TaskNotFoundException}, {@link TaskDisabledException},
     * {@code InvalidParametersException}, {@link DryRunUnavailableException}, {@link ConcurrencyConflictException}
     * or {@link CapacityExceededException} before anything is written.
     */
    public RunHandle start(RunRequest request) {
        RegisteredTask task = registry.get(request.task());
        if (!task.enabled()) {
            throw new TaskDisabledException(task.name());
        }
        TaskParameters params = ParameterBinder.bind(task.params(), request.params());
        String down = dataSources.problem(task.datasource());
        if (down != null) {
            throw new DataSourceUnavailableException(task.name(), task.datasource(), down);
        }
        if (request.dryRun()) {
            dryRuns.check(task);
        }
        String paramsJson = encoder.json(params.asMap());
        RunRecord retryOf = null;
        if (request.idempotencyKey() != null) {
            IdempotentStarts.Earlier earlier = idempotency.earlier(request, paramsJson);
            if (earlier.handle() != null) {
                return earlier.handle();
            }
            retryOf = earlier.retryOf();
        }
        RunRecord fresh = executor.newRun(request, paramsJson);
        RunRecord run = retryOf == null ? fresh : fresh.attemptAfter(retryOf);
        try {
            return concurrency.start(task, run, () -> executor.submit(task, params, run));
        } catch (DuplicateRequestException e) {
            // Another request with the same key was recorded first, here or on another replica. Its run is the
            // answer even if it has failed already: one retry makes one new attempt.
            return Optional.ofNullable(idempotency.earlier(request.retryingFailed(false), paramsJson).handle())
                    .orElseThrow(() -> e);
        }
    }

    /**
     * Records a start that policy refused as a SKIPPED run (a FORBID task's cron fire while a run is active).
     * Throws {@code DuplicateFireException} when another replica recorded this fire first.
     */
    public RunRecord skip(RunRequest request, String reason) {
        RunRecord run = executor.newRun(request, null);
        RunRecord skipped = run.skipped(reason, run.queuedAt(), executor.node());
        history.insert(skipped);
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

    /**
     * A handle on a run, to wait for its end without holding a thread: its {@code finished()} completes at once when
     * the run has ended, when it ends on this node, or when history shows it ended on another one.
     */
    public RunHandle follow(String id) {
        return executor.handleOf(get(id));
    }

    public RunRecord get(String id) {
        // An id this service never makes cannot exist: answer 404 without asking the database.
        if (!RunIds.isWellFormed(id)) {
            throw new RunNotFoundException(id);
        }
        return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
    }
}
