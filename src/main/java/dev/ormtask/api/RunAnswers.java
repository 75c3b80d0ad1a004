package dev.ormtask.api;

import dev.ormtask.config.Futures;
import dev.ormtask.history.RunRecord;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * How a start and a waiting read answer: 200 succeeded, 202 still queued or running (Location names the run), 500
 * failed, timed out, cancelled or skipped (it never ran), the run as body. Waiting holds no thread: the answer is
 * sent when {@link dev.ormtask.run.RunService#await} completes (the run ended, the wait is over, or the node is stopping).
 */
final class RunAnswers {

    private RunAnswers() {}

    static CompletionStage<Response> after(CompletionStage<RunRecord> awaited, WaitPreference waiting, RunViews views) {
        // JAX-RS finds its implementation through the thread's context class loader, and the answer may be built on
        // another thread than the request's: the JDK's shared timer thread when a wait runs out, a pool thread when
        // the run ends. Such a thread can carry the loader of an application that has since been replaced (a
        // dev-mode reload, a test restart), where building a Response fails ("RuntimeDelegateImpl not a subtype")
        // and the client got 500. The answer is built with the request's loader.
        ClassLoader requests = Thread.currentThread().getContextClassLoader();
        return awaited.handle((run, failure) -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(requests);
            try {
                if (failure != null) {
                    throw new CompletionException(Futures.cause(failure));
                }
                return respond(run, waiting, views);
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
    }

    static Response respond(RunRecord run, WaitPreference waiting, RunViews views) {
        Response.ResponseBuilder response = switch (run.status()) {
            case SUCCEEDED -> Response.ok();
            // A plain header: Response.location() resolves against the request, which the thread answering a wait
            // after it ran out does not have.
            case QUEUED, RUNNING -> Response.accepted().header(HttpHeaders.LOCATION, "/api/runs/" + run.id());
            case FAILED, TIMED_OUT, CANCELLED, SKIPPED -> Response.serverError();
        };
        String applied = waiting == null ? null : waiting.appliedTo(!run.status().isTerminal());
        if (applied != null) {
            response.header("Preference-Applied", applied);
        }
        // Without its progress: a start's answer costs no extra read.
        return response.type(MediaType.APPLICATION_JSON).entity(views.of(run)).build();
    }
}
