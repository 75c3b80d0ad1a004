package dev.ormtask.api;

import dev.ormtask.history.HistoryConfig;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.run.RunService;
import dev.ormtask.security.Roles;
import dev.ormtask.security.TaskAccess;
import dev.ormtask.task.TaskNames;
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

/** Reads run history. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Run history, and cancelling runs")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class RunResource {

    private final RunService runs;
    private final RunHistory history;
    private final HistoryConfig config;
    private final TaskAccess access;
    private final SecurityIdentity identity;

    RunResource(RunService runs, RunHistory history, HistoryConfig config, TaskAccess access, SecurityIdentity identity) {
        this.access = access;
        this.identity = identity;
        this.runs = runs;
        this.history = history;
        this.config = config;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One run", description = "Role: viewer.")
    @APIResponse(responseCode = "200", description = "The run", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "run", value = ApiExamples.RUN)))
    @APIResponse(responseCode = "404", description = "No run with that id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public RunView get(@Parameter(description = "Run id", example = "01a212f7-b7f6-7000-991a-fd215b70956c")
            @PathParam("id") String id) {
        return RunView.of(runs.get(id));
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
                .entity(RunView.of(run))
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
        return new RunPage(page.stream().map(RunView::of).toList(),
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
