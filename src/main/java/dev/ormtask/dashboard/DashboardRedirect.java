package dev.ormtask.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Sends people who type the service's address, or the dashboard's without its slash, to the dashboard page. */
@Path("/")
public class DashboardRedirect {

    // A Location of the path alone: Response.seeOther made it absolute from the request's Host header, so a request
    // naming another host was sent there.
    private static final String PAGE = "/dashboard/";

    @GET
    @Operation(hidden = true)
    public Response root() {
        return toPage();
    }

    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Response withoutSlash() {
        return toPage();
    }

    private static Response toPage() {
        return Response.status(Response.Status.SEE_OTHER).header("Location", PAGE).build();
    }
}
