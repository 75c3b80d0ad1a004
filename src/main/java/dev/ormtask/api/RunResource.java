package dev.ormtask.api;

import dev.ormtask.history.HistoryConfig;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.run.RunHandle;
import dev.ormtask.run.RunLogConfig;
import dev.ormtask.run.RunReads;
import dev.ormtask.run.RunService;
import dev.ormtask.security.Roles;
import dev.ormtask.security.TaskAccess;
import dev.ormtask.task.TaskNames;
import dev.ormtask.task.TaskRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reads run history. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Run history, run logs, cancelling and re-running runs")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class RunResource {

    private final RunService runs;
    private final HistoryConfig pages;
    private final ApiConfig config;
    private final TaskAccess access;
    private final SecurityIdentity identity;
    private final RunViews views;
    private final RunReads reads;
    private final RunLogConfig logConfig;
    private final TaskRegistry registry;
    private final StartRequestParser parser;

    RunResource(RunService runs, HistoryConfig pages, ApiConfig config, TaskAccess access, SecurityIdentity identity,
            RunViews views, RunReads reads, RunLogConfig logConfig, TaskRegistry registry,
            StartRequestParser parser) {
        this.parser = parser;
        this.views = views;
        this.reads = reads;
        this.logConfig = logConfig;
        this.registry = registry;
        this.access = access;
        this.identity = identity;
        this.runs = runs;
        this.pages = pages;
        this.config = config;
    }

    /**
     * One run. With {@code ?wait=N} or {@code Prefer: wait=N} it answers as soon as the run has ended or N seconds have
     * passed, coded like a start (200 succeeded, 202 still going, 500 failed); no thread waits meanwhile.
     */
    @GET
    @Path("/{id}")
    @Blocking
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "getRun", summary = "One run, or wait for its end", description = "Without wait: 200 and "
            + "the run as it is now. With ?wait=N (0 to ormtask.api.max-wait) or Prefer: wait=N: answers when the run "
            + "ends or after N seconds, coded like a start: 200 succeeded, 202 still queued or running, 500 failed, "
            + "timed out or cancelled. Without wait, with the task's last progress report (progress). Role: viewer.")
    @APIResponse(responseCode = "200", description = "The run (it succeeded, when a wait was asked for)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class),
                    examples = @ExampleObject(name = "run", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "202", description = "Waited: the run is still queued or running",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class),
                    examples = @ExampleObject(name = "running", value = ApiExamples.RUNNING_RUN)))
    @APIResponse(responseCode = "400", description = "Bad wait", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "bad-wait",
                    value = ApiExamples.BAD_WAIT)))
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "500", description = "Waited: the run failed, timed out or was cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunView.class),
                    examples = @ExampleObject(name = "failed", value = ApiExamples.FAILED_RUN)))
    @Parameter(name = "Prefer", in = ParameterIn.HEADER, description = "RFC 7240: wait=N (capped at ormtask.api.max-wait), such as wait=60",
            schema = @Schema(type = SchemaType.STRING))
    public CompletionStage<Response> get(
            @Parameter(description = "Run id", example = "01a212f7-b7f6-7000-991a-fd215b70956c") @PathParam("id") String id,
            @Parameter(description = "Seconds to wait for the run to end (0 to ormtask.api.max-wait); without it or "
                    + "Prefer: wait, the run is answered at once", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                    @QueryParam("wait") String wait,
            @Context HttpServerRequest http) {
        StrictQuery.read(http.query(), List.of("wait"), "GET /api/runs/{id}");
        WaitPreference waiting = WaitPreference.forRead(wait, HeaderElement.joined(http.headers().getAll("Prefer")),
                config);
        if (waiting == null) {
            return CompletableFuture.completedFuture(Response.ok(views.withProgress(runs.get(id)),
                    MediaType.APPLICATION_JSON).build());
        }
        return RunAnswers.after(runs.await(runs.follow(id), waiting.duration()), waiting, views);
    }

    /**
     * The lines the run's task logged through {@code ctx.log()}, oldest first: its newest
     * {@code ormtask.runlog.max-lines}, secrets masked. Pass {@code nextAfter} back as {@code after} to get only
     * newer lines while the run goes on.
     */
    @GET
    @Path("/{id}/log")
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "getRunLog", summary = "The run's own log", description = "Lines the task logged through "
            + "ctx.log(), oldest first, bounded by ormtask.runlog.max-lines (droppedLines counts the older ones "
            + "deleted) and ormtask.runlog.max-line-length. Written at most once per ormtask.runlog.flush-interval "
            + "while the run goes on; complete once the run has ended. Role: viewer.")
    @APIResponse(responseCode = "200", description = "The lines after 'after'", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "log", value = ApiExamples.RUN_LOG)))
    @APIResponse(responseCode = "400", description = "Bad after or limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RunLogView log(@Parameter(description = "Run id") @PathParam("id") String id,
            @Parameter(description = "Only lines with a seq above this (nextAfter of the last answer)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"), example = "0")
                    @QueryParam("after") String after,
            @Parameter(description = "At most this many lines (1 to ormtask.runlog.max-lines, the default)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("limit") String limit,
            @Context HttpServerRequest http) {
        StrictQuery.read(http.query(), List.of("after", "limit"), "GET /api/runs/{id}/log");
        int from = whole("after", after, 0, Integer.MAX_VALUE, 0);
        int max = whole("limit", limit, 1, logConfig.maxLines(), logConfig.maxLines());
        RunRecord run = runs.get(id);
        return RunLogView.of(run, reads.log(run.id(), from, max), from);
    }

    /**
     * Starts the run's task again with the parameters stored with it (secret ones included, without their ever
     * passing through the client), optionally as a dry run; the new run names this one in {@code rerunOf}.
     */
    @POST
    @Path("/{id}/rerun")
    @Blocking
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "rerunRun", summary = "Re-run a run", description = "Starts the same task with the same "
            + "stored parameters, linked by rerunOf, and answers like a start (wait, Prefer, 200/202/500). Role: "
            + "operator, plus the task's required role if it has one.")
    @APIResponse(responseCode = "200", description = "The new run succeeded within the wait", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "rerun", value = ApiExamples.RERUN)))
    @APIResponse(responseCode = "202", description = "Still queued or running; Location: /api/runs/{newId}")
    @APIResponse(responseCode = "400", description = "The stored parameters no longer fit the task; bad wait, dryRun "
            + "or X-Ormtask-Trigger; a body (a re-run takes its parameters from the earlier run)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No run with that id, or its task is gone",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Task disabled, or a FORBID task with an active run",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "500", description = "The new run failed, timed out or was cancelled within the wait")
    @APIResponse(responseCode = "503", description = "The task's datasource is down, or the queue is full",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Parameter(name = "dryRun", in = ParameterIn.QUERY, description = "true: run, always roll back, report what would "
            + "change", schema = @Schema(type = SchemaType.BOOLEAN), example = "false")
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "Seconds to wait for the new run to end (0 to "
            + "ormtask.api.max-wait)", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"), example = "30")
    @Parameter(name = "Prefer", in = ParameterIn.HEADER, description = "RFC 7240: wait=N or respond-async",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = RequestHeaders.TRIGGER, in = ParameterIn.HEADER, description = "API (default) or DASHBOARD: the "
            + "trigger the new run is recorded with", schema = @Schema(type = SchemaType.STRING))
    public CompletionStage<Response> rerun(@Parameter(description = "Id of the run to repeat") @PathParam("id") String id,
            @Parameter(description = "Recorded as requestedBy when authentication is off")
                    @HeaderParam("X-Requested-By") String requestedBy,
            @Context HttpServerRequest http, String body) {
        // The raw query and headers, as for a start: ?dryRun without a value or given twice is a 400, never a real run.
        StartRequestParser.StartRequest asked = parser.parseRerun(http.query(), http.headers());
        NoBody.check(body, "a re-run", ": it runs with the earlier run's stored parameters; to give others, start"
                + " the task with POST /api/tasks/{name}/runs");
        RunRecord earlier = runs.get(id);
        access.checkStart(registry.get(earlier.taskName()), identity);
        WaitPreference waiting = asked.waiting();
        RunHandle handle = runs.rerun(earlier, asked.dryRun(), asked.trigger(), access.requester(identity, requestedBy),
                !waiting.duration().isZero());
        return RunAnswers.after(runs.await(handle, waiting.duration()), waiting, views);
    }

    /**
     * Cancels a queued run at once, or a running one: its statement is cancelled on the server and its transaction
     * rolled back. 200 when the run is already CANCELLED, 202 while the cancel is under way, 409 for a finished run.
     */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "cancelRun", summary = "Cancel a run", description = "Role: operator.")
    @APIResponse(responseCode = "200", description = "The run is CANCELLED (it was queued)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "run", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "202", description = "The cancel is under way (the run was executing)")
    @APIResponse(responseCode = "400", description = "A query parameter or a body: it takes neither",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The run has already ended", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response cancel(@Parameter(description = "Run id") @PathParam("id") String id,
            @Parameter(description = "Recorded as the canceller when authentication is off")
                    @HeaderParam("X-Requested-By") String requestedBy,
            @Context HttpServerRequest http, String body) {
        StrictQuery.none(http.query(), "a cancel");
        NoBody.check(body, "a cancel", "");
        RunRecord run = runs.cancel(id, access.requester(identity, requestedBy));
        return (run.status().isTerminal() ? Response.ok() : Response.accepted())
                .type(MediaType.APPLICATION_JSON)
                .entity(views.of(run))
                .build();
    }

    /** Newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "listRuns", summary = "Runs, newest first", description = "Keyset pages: pass nextCursor "
            + "back as cursor; filters by task, status and caller reference combine. Role: viewer.")
    @APIResponse(responseCode = "200", description = "One page; nextCursor is null on the last", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = ApiExamples.PAGE)))
    @APIResponse(responseCode = "400", description = "Bad limit, status, caller or cursor", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RunPage list(
            @Parameter(description = "Only runs of this task, such as purge-expired-sessions") @QueryParam("task") String task,
            @Parameter(description = "Only runs in this status", schema = @Schema(implementation = RunStatus.class))
                    @QueryParam("status") String status,
            @Parameter(description = "Only runs started with this X-Caller-Ref; a trailing * matches every reference "
                    + "starting with the rest, such as airflow:monthly_request_count/*")
                    @QueryParam("caller") String caller,
            @Parameter(description = "Page size, 1 to ormtask.history.max-page-size",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1"), example = "50") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Context HttpServerRequest http) {
        StrictQuery.read(http.query(), List.of("task", "status", "caller", "limit", "cursor"), "GET /api/runs");
        int size = pageSize(limit);
        if (task != null && !TaskNames.isValid(task)) {
            // no run can have another name: refuse without asking the database
            throw new InvalidRequestException("task must be a task name: " + TaskNames.PATTERN.pattern());
        }
        String before = cursor == null || cursor.isEmpty() ? null : RunCursor.decode(cursor);
        // One more than asked tells whether another page follows without a count query.
        List<RunRecord> found = runs.page(task, status(status), callerFilter(caller), before, size + 1);
        boolean more = found.size() > size;
        List<RunRecord> page = more ? found.subList(0, size) : found;
        return new RunPage(views.page(page),
                more ? RunCursor.encode(page.get(page.size() - 1).id()) : null);
    }

    private static String callerFilter(String caller) {
        if (caller == null || caller.isEmpty()) {
            return null;
        }
        return RequestHeaders.callerFilter(caller);
    }

    private int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return pages.defaultPageSize();
        }
        long size = StrictQuery.digits(limit);
        if (size >= 1 && size <= pages.maxPageSize()) {
            return (int) size;
        }
        throw new InvalidRequestException("limit must be a whole number from 1 to " + pages.maxPageSize()
                + " (ormtask.history.max-page-size)");
    }

    private static int whole(String name, String value, int min, int max, int absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        long parsed = StrictQuery.digits(value);
        if (parsed >= min && parsed <= max) {
            return (int) parsed;
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
