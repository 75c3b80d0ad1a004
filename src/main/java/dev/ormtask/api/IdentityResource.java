package dev.ormtask.api;

import dev.ormtask.security.ApiClients;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the caller is: the dashboard checks a token with it and shows only what its roles allow. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "identity", description = "The calling client")
@APIResponse(responseCode = "401", description = "No or bad credentials", content = @Content(mediaType = Problem.MEDIA_TYPE))
@APIResponse(responseCode = "403", description = "A role is missing", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class IdentityResource {

    private final SecurityIdentity identity;
    private final ApiClients clients;

    IdentityResource(SecurityIdentity identity, ApiClients clients) {
        this.identity = identity;
        this.clients = clients;
    }

    /** The client's name and roles (the built-in hierarchy applied, sorted). */
    public record Identity(String name, List<String> roles, boolean authenticationEnabled) {}

    @GET
    @Authenticated
    @Operation(operationId = "getIdentity", summary = "The calling client", description = "Its name and roles; any valid token.")
    @APIResponse(responseCode = "200", description = "The client", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "identity", value = ApiExamples.IDENTITY)))
    public Identity get(@Context HttpServerRequest http) {
        StrictQuery.none(http.query(), "GET /api/me");
        return new Identity(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList(),
                clients.enabled());
    }
}
