package dev.ormtask.api;

import dev.ormtask.history.TaskActivity;
import dev.ormtask.run.RunReads;
import dev.ormtask.run.RunRequest;
import dev.ormtask.run.RunService;
import dev.ormtask.schedule.ScheduleService;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import dev.ormtask.security.Roles;
import dev.ormtask.security.TaskAccess;
import dev.ormtask.trace.TraceContexts;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Lists tasks and starts runs. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tasks", description = "The registered ORM tasks: list them, start runs, pause and resume schedules")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class TaskResource {

    private final TaskRegistry registry;
    private final RunService runs;
    private final StartRequestParser parser;

    private final ScheduleService schedules;
    private final TaskAccess access;
    private final SecurityIdentity identity;
    private final RunReads reads;
    private final RunViews views;
    private final DashboardConfig dashboard;
    private final java.time.Clock clock;

    TaskResource(TaskRegistry registry, RunService runs, StartRequestParser parser, ScheduleService schedules,
            TaskAccess access, SecurityIdentity identity, RunReads reads, RunViews views, DashboardConfig dashboard,
            java.time.Clock clock) {
        this.schedules = schedules;
        this.access = access;
        this.identity = identity;
        this.registry = registry;
        this.reads = reads;
        this.views = views;
        this.dashboard = dashboard;
        this.clock = clock;
        this.runs = runs;
        this.parser = parser;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "listTasks", summary = "Every task", description = "Name, description, datasource, cron, time zone, timeout, "
            + "policies, schedule state and next fire time, parameters, the last run, the newest runs (recent) and "
            + "the last 24 h counts. Three queries, whatever the number of tasks. Role: viewer.")
    @APIResponse(responseCode = "200", description = "The tasks, sorted by name", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "tasks", value = ApiExamples.TASKS)))
    public List<TaskView> list(@Context HttpServerRequest http) {
        StrictQuery.none(http.query(), "GET /api/tasks");
        return views(List.copyOf(registry.all()));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(operationId = "getTask", summary = "One task", description = "Role: viewer.")
    @APIResponse(responseCode = "200", description = "The task", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = ApiExamples.TASK)))
    @APIResponse(responseCode = "404", description = "No task of that name", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public TaskView get(@Parameter(description = "Task name", example = "monthly-request-count") @PathParam("name") String name,
            @Context HttpServerRequest http) {
        StrictQuery.none(http.query(), "GET /api/tasks/{name}");
        return view(name);
    }

    private TaskView view(String name) {
        return views(List.of(registry.get(name))).get(0);
    }

    /**
     * Starts a run and waits for it as asked. 200: it succeeded; 202: still queued or running (Location names it);
     * 500: it failed, timed out or was cancelled, with the run as body, so that {@code curl -f} fails.
     */
    @POST
    @Path("/{name}/runs")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "startRun", summary = "Start a run", description = "Runs the task in a new transaction on its datasource and waits "
            + "for it as asked. Role: operator, plus the task's required role if it has one.")
    @RequestBody(required = false, description = "A JSON object of parameters, validated against the task's declaration; may be empty",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "params", value = ApiExamples.PARAMS)))
    @APIResponse(responseCode = "200", description = "The run succeeded within the wait",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "succeeded", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "202", description = "Still queued or running; Location: /api/runs/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "running", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "400", description = "Unknown, missing or mistyped parameter; malformed JSON; bad, "
            + "repeated or unknown query parameter (wait, dryRun, retryFailed; retryFailed without Idempotency-Key); "
            + "bad or repeated Idempotency-Key or X-Caller-Ref",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "invalid", value = ApiExamples.PROBLEM)))
    @APIResponse(responseCode = "404", description = "No task of that name", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Task disabled, or a FORBID task with an active run (activeRunId)",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with different parameters",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Body over ormtask.api.max-body-bytes",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "A body that is not JSON (see README, \"REST API\")",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "500", description = "The run failed, timed out or was cancelled within the wait",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "failed", value = ApiExamples.FAILED_RUN)))
    @APIResponse(responseCode = "503", description = "Workers and queue full, or the task's datasource is down; "
            + "Retry-After says when to retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Parameter(name = "wait", in = ParameterIn.QUERY, description = "Seconds to wait for the run to end (0 to "
            + "ormtask.api.max-wait)", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"), example = "30")
    @Parameter(name = "dryRun", in = ParameterIn.QUERY, description = "true: run, always roll back, report what would "
            + "change", schema = @Schema(type = SchemaType.BOOLEAN), example = "false")
    @Parameter(name = "retryFailed", in = ParameterIn.QUERY, description = "With an Idempotency-Key: when the key's run "
            + "ended in failure (FAILED, TIMED_OUT, CANCELLED), start its next attempt instead of answering with the "
            + "failure. A retry after a lost connection still gets the same run.",
            schema = @Schema(type = SchemaType.BOOLEAN))
    @Parameter(name = "Prefer", in = ParameterIn.HEADER, description = "RFC 7240: wait=N or respond-async",
            schema = @Schema(type = SchemaType.STRING))
    // No examples on the headers below: Swagger UI fills a parameter's example in as its value, so every start tried
    // there shared one Idempotency-Key (the second got the first's run) and one made-up trace.
    @Parameter(name = RequestHeaders.IDEMPOTENCY_KEY, in = ParameterIn.HEADER,
            description = "Repeat a start safely: the same key for the same task returns the first run; such as "
                    + "airflow:monthly_request_count/scheduled__2026-10-01T00:00:00+00:00/count/-1",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = RequestHeaders.CALLER_REF, in = ParameterIn.HEADER,
            description = "Who asks, recorded with the run and filterable (GET /api/runs?caller=); such as "
                    + "airflow:monthly_request_count/scheduled__2026-10-01T00:00:00+00:00/count/1",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = TraceContexts.TRACEPARENT, in = ParameterIn.HEADER,
            description = "W3C trace context: the run's work becomes a span of the caller's trace; such as "
                    + "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            schema = @Schema(type = SchemaType.STRING))
    public CompletionStage<Response> start(
            @Parameter(description = "Task name", example = "purge-expired-sessions") @PathParam("name") String name,
            @Parameter(description = "Recorded as requestedBy when authentication is off")
                    @HeaderParam("X-Requested-By") String requestedBy,
            @Context HttpServerRequest http,
            byte[] body) {
        access.checkStart(registry.get(name), identity); // 404, then 403, before anything else is looked at
        // The raw query and headers, not @QueryParam/@HeaderParam: those cannot tell ?dryRun from no flag, keep the
        // first of two values, and match names regardless of case.
        StartRequestParser.StartRequest asked = parser.parse(http.query(), http.headers(), body);
        RunRequest request = RunRequest.manual(name, asked.params(), asked.dryRun(), asked.trigger(),
                        access.requester(identity, requestedBy), asked.idempotencyKey())
                .calledBy(asked.callerRef(), TraceContexts.ofRequest(asked.traceparent()))
                .retryingFailed(asked.retryFailed());
        // Not @Blocking: validated here on the event loop, recorded by the history writer's group commit, answered
        // back on the event loop. A start that must read history first goes to the worker pool (RunService).
        return RunAnswers.after(runs.startWithoutBlocking(request, !asked.waiting().duration().isZero(),
                        Infrastructure.getDefaultWorkerPool())
                .thenCompose(handle -> runs.await(handle, asked.waiting().duration())), asked.waiting(), views);
    }

    /** Stops cron fires of the task on every replica until resumed; API starts still work. */
    @POST
    @Path("/{name}/pause")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "pauseTask", summary = "Pause the task's schedule on every replica", description = "Stored in the database; "
            + "survives restarts. API starts still work. Role: operator.")
    @APIResponse(responseCode = "200", description = "The task, schedule.paused true", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = ApiExamples.TASK)))
    @APIResponse(responseCode = "400", description = "A query parameter or a body: it takes neither",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No task of that name", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The task has no cron schedule", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public TaskView pause(@Parameter(description = "Task name") @PathParam("name") String name,
            @Context HttpServerRequest http, String body) {
        StrictQuery.none(http.query(), "a pause");
        NoBody.check(body, "a pause", "");
        schedules.pause(registry.get(name));
        return view(name);
    }

    /** Lets cron fires of the task happen again. */
    @POST
    @Path("/{name}/resume")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "resumeTask", summary = "Resume the task's schedule", description = "Role: operator.")
    @APIResponse(responseCode = "200", description = "The task, schedule.paused false", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "task", value = ApiExamples.TASK)))
    @APIResponse(responseCode = "400", description = "A query parameter or a body: it takes neither",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No task of that name", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The task has no cron schedule", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public TaskView resume(@Parameter(description = "Task name") @PathParam("name") String name,
            @Context HttpServerRequest http, String body) {
        StrictQuery.none(http.query(), "a resume");
        NoBody.check(body, "a resume", "");
        schedules.resume(registry.get(name));
        return view(name);
    }

    /** The tasks with their activity: three queries for any number of tasks ({@link RunReads#activity}). */
    private List<TaskView> views(List<RegisteredTask> tasks) {
        int recent = dashboard.recentRuns();
        java.util.Map<String, TaskActivity.Summary> found = reads.activity(
                tasks.stream().map(RegisteredTask::name).toList(), recent, clock.instant());
        return tasks.stream().map(task -> {
            TaskActivity.Summary summary = found.get(task.name());
            return TaskView.of(task, summary, schedules.state(task, summary.paused()));
        }).toList();
    }
}
