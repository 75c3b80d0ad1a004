package dev.ormtask.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.run.RunHandle;
import dev.ormtask.run.RunRequest;
import dev.ormtask.run.RunService;
import dev.ormtask.schedule.ScheduleService;
import dev.ormtask.task.TaskRegistry;
import dev.ormtask.task.Trigger;
import dev.ormtask.security.Roles;
import dev.ormtask.security.TaskAccess;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Lists tasks and starts runs. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskRegistry registry;
    private final RunHistory history;
    private final RunService runs;
    private final ApiConfig config;
    private final ObjectReader jsonReader;

    private final ScheduleService schedules;
    private final TaskAccess access;
    private final SecurityIdentity identity;

    TaskResource(TaskRegistry registry, RunHistory history, RunService runs, ApiConfig config, ObjectMapper mapper,
            ScheduleService schedules, TaskAccess access, SecurityIdentity identity) {
        this.schedules = schedules;
        this.access = access;
        this.identity = identity;
        this.registry = registry;
        this.history = history;
        this.runs = runs;
        this.config = config;
        this.jsonReader = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<TaskView> list() {
        return registry.all().stream()
                .map(task -> TaskView.of(task, history.latest(task.name()).orElse(null), schedules.state(task)))
                .toList();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.VIEWER)
    public TaskView get(@PathParam("name") String name) {
        var task = registry.get(name);
        return TaskView.of(task, history.latest(task.name()).orElse(null), schedules.state(task));
    }

    /**
     * Starts a run and waits for it as asked. 200: it succeeded; 202: still queued or running (Location names it);
     * 500: it failed, timed out or was cancelled, with the run as body, so that {@code curl -f} fails.
     */
    @POST
    @Path("/{name}/runs")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    @RolesAllowed(Roles.OPERATOR)
    public CompletionStage<Response> start(
            @PathParam("name") String name,
            @QueryParam("wait") String wait,
            @QueryParam("dryRun") String dryRun,
            @HeaderParam("Prefer") String prefer,
            @HeaderParam("X-Requested-By") String requestedBy,
            byte[] body) {
        access.checkStart(registry.get(name), identity); // 404, then 403, before anything else is looked at
        WaitPreference waiting = WaitPreference.of(wait, prefer, config);
        RunRequest request = RunRequest.manual(name, parameters(body), flag("dryRun", dryRun), Trigger.API,
                access.requester(identity, requestedBy));
        RunHandle handle = runs.start(request);
        if (waiting.duration().isZero()) {
            return CompletableFuture.completedFuture(respond(handle.current(), waiting));
        }
        return handle.finished()
                .copy()
                .completeOnTimeout(null, waiting.duration().toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, failure) -> {
                    if (failure != null) {
                        throw failure instanceof CompletionException c && c.getCause() != null
                                ? new CompletionException(c.getCause())
                                : new CompletionException(failure);
                    }
                    return respond(done != null ? done : handle.current(), waiting);
                });
    }

    /** Stops cron fires of the task on every replica until resumed; API starts still work. */
    @POST
    @Path("/{name}/pause")
    @RolesAllowed(Roles.OPERATOR)
    public TaskView pause(@PathParam("name") String name) {
        schedules.pause(registry.get(name));
        return get(name);
    }

    /** Lets cron fires of the task happen again. */
    @POST
    @Path("/{name}/resume")
    @RolesAllowed(Roles.OPERATOR)
    public TaskView resume(@PathParam("name") String name) {
        schedules.resume(registry.get(name));
        return get(name);
    }

    static Response respond(RunRecord run, WaitPreference waiting) {
        Response.ResponseBuilder response = switch (run.status()) {
            case SUCCEEDED -> Response.ok();
            // A plain header: Response.location() resolves against the request, which a timer thread does not have.
            case QUEUED, RUNNING -> Response.accepted().header(HttpHeaders.LOCATION, "/api/runs/" + run.id());
            case FAILED, TIMED_OUT, CANCELLED, SKIPPED -> Response.serverError();
        };
        if (waiting != null && waiting.applied() != null) {
            response.header("Preference-Applied", waiting.applied());
        }
        return response.type(MediaType.APPLICATION_JSON).entity(RunView.of(run)).build();
    }

    private JsonNode parameters(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        if (body.length > config.maxBodyBytes()) {
            throw new PayloadTooLargeException(body.length, config.maxBodyBytes());
        }
        JsonNode node;
        try {
            node = jsonReader.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("the body could not be read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object of parameters, such as {\"olderThanDays\": 30}");
        }
        return node;
    }

    static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true") || value.isEmpty()) {
            return true;
        }
        throw new InvalidRequestException(name + " must be true or false");
    }

}
