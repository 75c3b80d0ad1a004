package dev.ormtask.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Sends people who type the service's address, or the dashboard's without its slash, to the dashboard page. */
@Path("/")
public class DashboardRedirect {

    private static final URI PAGE = URI.create("/dashboard/");

    @GET
    @Operation(hidden = true)
    public Response root() {
        return Response.seeOther(PAGE).build();
    }

    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Response withoutSlash() {
        return Response.seeOther(PAGE).build();
    }
}
