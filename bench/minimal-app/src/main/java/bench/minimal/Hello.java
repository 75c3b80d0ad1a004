package bench.minimal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The one endpoint: bench/run times java -jar to its first 200. */
@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}
