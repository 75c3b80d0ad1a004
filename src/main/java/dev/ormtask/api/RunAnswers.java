package dev.ormtask.api;

import dev.ormtask.history.RunRecord;
import dev.ormtask.run.RunHandle;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * How a start and a waiting read answer: 200 succeeded, 202 still queued or running (Location names the run), 500
 * failed, timed out or cancelled, the run as body. Waiting holds no thread: the answer is sent when the run's
 * {@code finished()} completes or the wait is over, whichever comes first.
 */
final class RunAnswers {

    private RunAnswers() {}

    static CompletionStage<Response> after(RunHandle handle, WaitPreference waiting) {
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
}
