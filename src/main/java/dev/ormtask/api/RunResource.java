package dev.ormtask.api;

import dev.ormtask.history.HistoryConfig;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.run.RunService;
import dev.ormtask.security.Roles;
import dev.ormtask.security.TaskAccess;
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
import java.util.List;
import java.util.Locale;

/** Reads run history. */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
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
    public RunView get(@PathParam("id") String id) {
        return RunView.of(runs.get(id));
    }

    /**
     * Cancels a queued run at once, or a running one: its statement is cancelled on the server and its transaction
     * rolled back. 200 when the run is already CANCELLED, 202 while the cancel is under way, 409 for a finished run.
     */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Response cancel(@PathParam("id") String id, @HeaderParam("X-Requested-By") String requestedBy) {
        RunRecord run = runs.cancel(id, access.requester(identity, requestedBy));
        return (run.status().isTerminal() ? Response.ok() : Response.accepted())
                .type(MediaType.APPLICATION_JSON)
                .entity(RunView.of(run))
                .build();
    }

    /** Newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public RunPage list(
            @QueryParam("task") String task,
            @QueryParam("status") String status,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        int size = pageSize(limit);
        if (task != null && (task.isEmpty() || task.length() > 64)) {
            throw new InvalidRequestException("task must be a task name of 1 to 64 characters");
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
