package dev.ormtask.api;

import dev.ormtask.history.HistoryConfig;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunJournalStore;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.run.RunHandle;
import dev.ormtask.run.RunLogConfig;
import dev.ormtask.run.RunService;
import dev.ormtask.security.Roles;
import dev.ormtask.security.TaskAccess;
import dev.ormtask.task.TaskNames;
import dev.ormtask.task.TaskRegistry;
import io.smallrye.common.annotation.Blocking;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Reads run history. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Run history, run logs, cancelling and re-running runs")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class RunResource {

    private final RunService runs;
    private final RunHistory history;
    private final HistoryConfig config;
    private final TaskAccess access;
    private final SecurityIdentity identity;
    private final RunViews views;
    private final RunResponses responses;
    private final RunJournalStore journal;
    private final RunLogConfig logConfig;
    private final TaskRegistry registry;
    private final ApiConfig apiConfig;

    RunResource(RunService runs, RunHistory history, HistoryConfig config, TaskAccess access, SecurityIdentity identity,
            RunViews views, RunResponses responses, RunJournalStore journal, RunLogConfig logConfig,
            TaskRegistry registry, ApiConfig apiConfig) {
        this.views = views;
        this.responses = responses;
        this.journal = journal;
        this.logConfig = logConfig;
        this.registry = registry;
        this.apiConfig = apiConfig;
        this.access = access;
        this.identity = identity;
        this.runs = runs;
        this.history = history;
        this.config = config;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One run", description = "With the task's last progress report (progress). Role: viewer.")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "run", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RunView get(@Parameter(description = "Run id", example = "01a212f7-b7f6-7000-991a-fd215b70956c")
            @PathParam("id") String id) {
        return views.withProgress(runs.get(id));
    }

    /**
     * The lines the run's task logged through {@code ctx.log()}, oldest first: its newest
     * {@code ormtask.runlog.max-lines}, secrets masked. Pass {@code nextAfter} back as {@code after} to get only
     * newer lines while the run goes on.
     */
    @GET
    @Path("/{id}/log")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The run's own log", description = "Lines the task logged through ctx.log(), oldest first, "
            + "bounded by ormtask.runlog.max-lines (droppedLines counts the older ones deleted) and "
            + "ormtask.runlog.max-line-length. Written at most once per ormtask.runlog.flush-interval while the run "
            + "goes on; complete once the run has ended. Role: viewer.")
    @APIResponse(responseCode = "200", description = "The lines after 'after'", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "log", value = ApiExamples.RUN_LOG)))
    @APIResponse(responseCode = "400", description = "Bad after or limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RunLogView log(@Parameter(description = "Run id") @PathParam("id") String id,
            @Parameter(description = "Only lines with a seq above this (nextAfter of the last answer)", example = "0")
                    @QueryParam("after") String after,
            @Parameter(description = "At most this many lines (1 to ormtask.runlog.max-lines, the default)")
                    @QueryParam("limit") String limit) {
        int from = whole("after", after, 0, Integer.MAX_VALUE, 0);
        int max = whole("limit", limit, 1, Math.max(1, logConfig.maxLines()), Math.max(1, logConfig.maxLines()));
        RunRecord run = runs.get(id);
        return RunLogView.of(run, journal.log(run.id(), from, max), from);
    }

    /**
     * Starts the run's task again with the parameters stored with it (secret ones included, without their ever
     * passing through the client), optionally as a dry run; the new run names this one in {@code rerunOf}.
     */
    @POST
    @Path("/{id}/rerun")
    @Blocking
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Re-run a run", description = "Starts the same task with the same stored parameters, linked by "
            + "rerunOf, and answers like a start (wait, Prefer, 200/202/500). Role: operator, plus the task's required "
            + "role if it has one.")
    @APIResponse(responseCode = "200", description = "The new run succeeded within the wait", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "rerun", value = ApiExamples.RERUN)))
    @APIResponse(responseCode = "202", description = "Still queued or running; Location: /api/runs/{newId}")
    @APIResponse(responseCode = "400", description = "The stored parameters no longer fit the task; bad wait or dryRun",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No run with that id, or its task is gone",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Task disabled, or a FORBID task with an active run",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "500", description = "The new run failed, timed out or was cancelled within the wait")
    @APIResponse(responseCode = "503", description = "Workers and queue full, or the task's datasource is down",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CompletionStage<Response> rerun(@Parameter(description = "Id of the run to repeat") @PathParam("id") String id,
            @Parameter(description = "true: run, always roll back, report what would change", example = "false")
                    @QueryParam("dryRun") String dryRun,
            @Parameter(description = "Seconds to wait for the new run to end (0 to ormtask.api.max-wait)", example = "30")
                    @QueryParam("wait") String wait,
            @Parameter(description = "RFC 7240: wait=N or respond-async") @HeaderParam("Prefer") String prefer,
            @Parameter(description = "Recorded as requestedBy when authentication is off")
                    @HeaderParam("X-Requested-By") String requestedBy,
            @Parameter(description = "API (default) or DASHBOARD: the trigger the new run is recorded with")
                    @HeaderParam(RunResponses.TRIGGER_HEADER) String trigger) {
        RunRecord earlier = runs.get(id);
        access.checkStart(registry.get(earlier.taskName()), identity);
        WaitPreference waiting = WaitPreference.of(wait, prefer, apiConfig);
        RunHandle handle = runs.rerun(earlier, RunResponses.flag("dryRun", dryRun), RunResponses.trigger(trigger),
                access.requester(identity, requestedBy));
        return responses.after(handle, waiting);
    }

    /**
     * Cancels a queued run at once, or a running one: its statement is cancelled on the server and its transaction
     * rolled back. 200 when the run is already CANCELLED, 202 while the cancel is under way, 409 for a finished run.
     */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Cancel a run", description = "Role: operator.")
    @APIResponse(responseCode = "200", description = "The run is CANCELLED (it was queued)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "run", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "202", description = "The cancel is under way (the run was executing)")
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The run has already ended", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response cancel(@Parameter(description = "Run id") @PathParam("id") String id,
            @Parameter(description = "Recorded as the canceller when authentication is off")
                    @HeaderParam("X-Requested-By") String requestedBy) {
        RunRecord run = runs.cancel(id, access.requester(identity, requestedBy));
        return (run.status().isTerminal() ? Response.ok() : Response.accepted())
                .type(MediaType.APPLICATION_JSON)
                .entity(views.of(run))
                .build();
    }

    /** Newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Runs, newest first", description = "Keyset pages: pass nextCursor back as cursor. Role: viewer.")
    @APIResponse(responseCode = "200", description = "One page; nextCursor is null on the last", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = ApiExamples.PAGE)))
    @APIResponse(responseCode = "400", description = "Bad limit, status or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RunPage list(
            @Parameter(description = "Only runs of this task", example = "purge-expired-sessions") @QueryParam("task") String task,
            @Parameter(description = "Only runs in this status", example = "FAILED") @QueryParam("status") String status,
            @Parameter(description = "Page size, 1 to ormtask.history.max-page-size", example = "50") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = pageSize(limit);
        if (task != null && !TaskNames.isValid(task)) {
            // no run can have another name: refuse without asking the database
            throw new InvalidRequestException("task must be a task name: " + TaskNames.PATTERN.pattern());
        }
        String before = cursor == null || cursor.isEmpty() ? null : RunCursor.decode(cursor);
        // One more than asked tells whether another page follows without a count query.
        List<RunRecord> found = history.page(task, status(status), before, size + 1);
        boolean more = found.size() > size;
        List<RunRecord> page = more ? found.subList(0, size) : found;
        return new RunPage(views.page(page),
                more ? RunCursor.encode(page.get(page.size() - 1).id()) : null);
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return config.defaultPageSize();
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= config.maxPageSize()) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequestException("limit must be a whole number from 1 to " + config.maxPageSize()
                + " (ormtask.history.max-page-size)");
    }

    private static int whole(String name, String value, int min, int max, int absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequestException(name + " must be a whole number from " + min + " to " + max);
    }

    private static RunStatus status(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("status must be one of " + List.of(RunStatus.values()));
        }
    }
}
