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
import dev.ormtask.task.ParameterBinder;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.TaskRegistry;
import dev.ormtask.task.Trigger;
import jakarta.inject.Singleton;
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
    private final ObjectMapper mapper;

    RunService(TaskRegistry registry, RunExecutor executor, RunHistory history, ResultEncoder encoder,
            DryRunSupport dryRuns, ConcurrencyGuard concurrency, RunCanceller canceller, DataSourceStatus dataSources,
            IdempotentStarts idempotency, ObjectMapper mapper) {
        this.mapper = mapper;
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
        if (request.idempotencyKey() != null) {
            Optional<RunHandle> earlier = idempotency.earlier(request, paramsJson);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        RunRecord run = executor.newRun(request, paramsJson);
        try {
            return concurrency.start(task, run, () -> executor.submit(task, params, run));
        } catch (DuplicateRequestException e) {
            // another request with the same key was recorded first, here or on another replica
            return idempotency.earlier(request, paramsJson).orElseThrow(() -> e);
        }
    }

    /**
     * Starts an earlier run's task again with that run's stored parameters, linked to it ({@code rerunOf}). Secret
     * parameters never leave the service on the way. The stored parameters are validated against the task's
     * declaration as it is now, with the same errors as a new start.
     */
    public RunHandle rerun(RunRecord earlier, boolean dryRun, Trigger trigger, String requestedBy) {
        JsonNode params;
        try {
            params = earlier.paramsJson() == null ? null : mapper.readTree(earlier.paramsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run " + earlier.id() + " has parameters that are not JSON", e);
        }
        return start(RunRequest.rerun(earlier.taskName(), params, dryRun, trigger, requestedBy, earlier.id()));
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

    public RunRecord get(String id) {
        // An id this service never makes cannot exist: answer 404 without asking the database.
        if (!RunIds.isWellFormed(id)) {
            throw new RunNotFoundException(id);
        }
        return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
    }
}
