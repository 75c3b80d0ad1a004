package dev.ormtask.api;

import dev.ormtask.history.RunRecord;
import dev.ormtask.run.RunHandle;
import dev.ormtask.task.Trigger;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The answer to a request that started a run (a start or a re-run): waits for it as asked, then 200 (succeeded), 202
 * (still queued or running, {@code Location} names it) or 500 (failed, timed out or cancelled), the run as body.
 */
@Singleton
class RunResponses {

    /** The header a client (the dashboard) sends to record its starts with another trigger than {@code API}. */
    static final String TRIGGER_HEADER = "X-Ormtask-Trigger";

    private final RunViews views;

    RunResponses(RunViews views) {
        this.views = views;
    }

    CompletionStage<Response> after(RunHandle handle, WaitPreference waiting) {
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

    Response respond(RunRecord run, WaitPreference waiting) {
        Response.ResponseBuilder response = switch (run.status()) {
            case SUCCEEDED -> Response.ok();
            // A plain header: Response.location() resolves against the request, which a timer thread does not have.
            case QUEUED, RUNNING -> Response.accepted().header(HttpHeaders.LOCATION, "/api/runs/" + run.id());
            case FAILED, TIMED_OUT, CANCELLED, SKIPPED -> Response.serverError();
        };
        if (waiting != null && waiting.applied() != null) {
            response.header("Preference-Applied", waiting.applied());
        }
        return response.type(MediaType.APPLICATION_JSON).entity(views.of(run)).build();
    }

    /** The trigger a start is recorded with: {@code API} unless the client says {@code DASHBOARD}. */
    static Trigger trigger(String header) {
        if (header == null || header.isBlank()) {
            return Trigger.API;
        }
        return switch (header.strip().toUpperCase(Locale.ROOT)) {
            case "API" -> Trigger.API;
            case "DASHBOARD" -> Trigger.DASHBOARD;
            default -> throw new InvalidRequestException(TRIGGER_HEADER + " must be API or DASHBOARD");
        };
    }

    /** {@code true}, {@code false}, or empty (true) for a flag in the query; anything else is a 400 naming it. */
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
