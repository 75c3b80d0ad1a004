package dev.ormtask.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ormtask.testsupport.RawHttp;
import dev.ormtask.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * After an upgrade a browser shows the new dashboard on its next load: its files are revalidated every time (a 304
 * when unchanged), not kept for a day as Quarkus' "immutable" default had them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DashboardCachingTest {

    @Test
    void theDashboardsFilesAreRevalidatedOnEveryLoad() {
        for (String file : new String[] {"/dashboard/", "/dashboard/app.js", "/dashboard/dashboard.css",
                "/webjars/preact/dist/preact.module.js", "/_static/htm/dist/htm.module.js"}) {
            Response first = given().when().get(file);
            assertEquals(200, first.statusCode(), file);
            assertEquals("no-cache", first.header("Cache-Control"), file);
            String modified = first.header("Last-Modified");
            assertNotNull(modified, file + " has a validator");
            Response again = given().header("If-Modified-Since", modified).when().get(file);
            assertEquals(304, again.statusCode(), file + " unchanged: no body again");
            // Vert.x left the type out of a HEAD's answer
            Response head = given().when().head(file);
            assertEquals(200, head.statusCode(), file);
            assertEquals(first.header("Content-Type"), head.header("Content-Type"), "HEAD " + file);
        }
    }

    /**
     * From an outside check: the dashboard came without the headers that keep a browser from framing it or running
     * scripts it did not ship. That its own scripts still run under the policy is what the browser tests show.
     */
    @Test
    void theDashboardCannotBeFramedAndRunsOnlyItsOwnScripts() {
        Response page = given().when().get("/dashboard/");
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        String policy = page.header("Content-Security-Policy");
        assertNotNull(policy);
        org.junit.jupiter.api.Assertions.assertTrue(policy.contains("script-src 'self' 'sha256-")
                && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-eval"), policy);
        Response api = given().when().get("/api/tasks");
        assertEquals("nosniff", api.header("X-Content-Type-Options"), "the API's answers too");
    }

    /* The service's address leads to the dashboard on this host, whatever host the request names. */
    @Test
    void theRootRedirectsToTheDashboardByPathAlone() throws Exception {
        for (String path : new String[] {"/", "/dashboard"}) {
            RawHttp.Response answer = RawHttp.Request.of("GET", path).withoutHost().header("Host", "evil.example").send();
            assertEquals(303, answer.status(), path + ": " + answer);
            assertEquals("/dashboard/", answer.header("Location"), path + ": " + answer);
        }
    }
}
