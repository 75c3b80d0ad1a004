package dev.ormtask.api;

import dev.ormtask.config.RepeatedWarning;
import dev.ormtask.datasource.DataSourceUnavailableException;
import dev.ormtask.history.HistoryUnavailableException;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.run.CapacityExceededException;
import dev.ormtask.run.ConcurrencyConflictException;
import dev.ormtask.run.RunFinishedException;
import dev.ormtask.run.DryRunUnavailableException;
import dev.ormtask.run.IdempotencyMismatchException;
import dev.ormtask.run.TaskDisabledException;
import dev.ormtask.schedule.NotScheduledException;
import dev.ormtask.task.InvalidParametersException;
import dev.ormtask.task.TaskNotFoundException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/** One mapper per domain exception, each answering RFC 9457 problem+json; none leaks class names or stacks. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final RepeatedWarning HISTORY_DOWN = new RepeatedWarning(LOG);

    @ServerExceptionMapper
    public Response taskNotFound(TaskNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response runNotFound(RunNotFoundException e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidParameters(InvalidParametersException e) {
        return Problem.response(400, "Invalid parameters", e.getMessage(), e.problems());
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response dryRunUnavailable(DryRunUnavailableException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e) {
        return Problem.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unsupportedBodyType(UnsupportedBodyTypeException e) {
        return Problem.response(Response.Status.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response disabled(TaskDisabledException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response concurrencyConflict(ConcurrencyConflictException e) {
        return Response.status(409)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Conflict", 409, e.getMessage(), null, e.activeRunId()))
                .build();
    }

    @ServerExceptionMapper
    public Response idempotencyMismatch(IdempotencyMismatchException e) {
        return Problem.response(422, "Unprocessable Content", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response notScheduled(NotScheduledException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response runFinished(RunFinishedException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response overCapacity(CapacityExceededException e) {
        Response problem = Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        return Response.fromResponse(problem)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public Response dataSourceUnavailable(DataSourceUnavailableException e) {
        Response problem = Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        // A client that honours Retry-After would come back for nothing while the datasource is inactive.
        return e.lasting() ? problem : Response.fromResponse(problem)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, e.retryAfter().toSeconds())).build();
    }

    @ServerExceptionMapper
    public Response historyUnavailable(HistoryUnavailableException e) {
        HISTORY_DOWN.warn(e.getMessage());
        return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                        "run history is unavailable right now; retry later"))
                .header(HttpHeaders.RETRY_AFTER, 5)
                .build();
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                        "send a valid token: Authorization: Bearer <token>"))
                .header("WWW-Authenticate", "Bearer realm=\"ormtask\"")
                .build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(io.quarkus.security.AuthenticationFailedException e) {
        return unauthorized(new io.quarkus.security.UnauthorizedException());
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, SimpleResourceInfo resource) {
        if (e.getMessage() != null && e.getMessage().startsWith("task ")) {
            return Problem.response(Response.Status.FORBIDDEN, e.getMessage());
        }
        String role = requiredRole(resource);
        return Problem.response(Response.Status.FORBIDDEN, role == null
                ? "your token's roles do not allow this; see README, \"Security\""
                : "this needs the role '" + role + "', which your token does not have; see README, \"Security\"");
    }

    /** The role the refused endpoint asks for ({@code @RolesAllowed}; the resource classes are registered for reflection). */
    private static String requiredRole(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null || resource.getMethodName() == null) {
            return null;
        }
        try {
            Method method = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
            RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
            if (roles == null) {
                roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
            }
            return roles == null || roles.value().length == 0 ? null : String.join("' or '", roles.value());
        } catch (NoSuchMethodException | SecurityException notFound) {
            return null;
        }
    }

    /**
     * JAX-RS' own errors: unknown path (404), wrong method (405), no type the client accepts (406), unsupported media
     * type (415).
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpHeaders headers) {
        Response original = e.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String detail = switch (status.getStatusCode()) {
            case 404 -> HttpProblems.NO_SUCH_RESOURCE;
            case 405 -> "this resource does not support that HTTP method";
            case 406 -> MediaRanges.notAcceptable(String.join(", ", Objects.requireNonNullElse(
                    headers.getRequestHeader(HttpHeaders.ACCEPT), List.of())));
            default -> status.getReasonPhrase();
        };
        return Response.fromResponse(Problem.response(status.getStatusCode(), status.getReasonPhrase(), detail, null))
                .build();
    }

    /**
     * A body that could not be read: over {@code quarkus.http.limits.max-body-size} (Vert.x has then answered a bare
     * 413 already, and this answer is dropped) or a client that went away mid-body. One line without a stack: a client
     * can cause this at will, so it must not fill the log.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean tooLarge = String.valueOf(root.getMessage()).contains("too large");
        LOG.warnf("Request body not read: %s: %s", root.getClass().getSimpleName(), root.getMessage());
        return tooLarge
                ? Problem.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, "the request body is too large")
                : Problem.response(Response.Status.BAD_REQUEST, "the request body could not be read");
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, incident %s", incident);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "unexpected error; the server log has the details under incident " + incident);
    }
}
