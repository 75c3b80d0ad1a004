package dev.ormtask.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.BrowserTest;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard with authentication on, in a real browser: nothing shows without a token or with a wrong one; a viewer
 * sees tasks and runs but no button it may not use; an operator starts a run; signing out takes everything off the
 * screen, an open run included. The service's bare address redirects to the page. Swagger UI takes a token too.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(SecurityTest.Tokens.class)
class DashboardSignInBrowserTest extends BrowserTest {

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @TestHTTPResource("/q/swagger-ui/")
    URL swaggerUi;

    @Test
    void showsNothingWithoutATokenAndWhatTheRoleAllowsWithOne() throws Exception {
        String earlier = given().header("Authorization", "Bearer " + SecurityTest.OPERATOR).contentType(ContentType.JSON)
                .body("{\"label\":\"for-the-viewer\"}").when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).extract().path("id");
        open("");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Sign in"));
        assertTrue(browser.findElements(By.cssSelector("#tasks tbody tr")).isEmpty(), "no task shown without a token");

        signIn("not-a-valid-token-at-all");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "not accepted"));
        assertTrue(browser.findElements(By.id("signout")).isEmpty(), "a wrong token does not look signed in");
        assertTrue(browser.findElements(By.cssSelector("#tasks tbody tr")).isEmpty());
        assertTrue(browser.findElement(By.id("token")).isDisplayed(), "the sign-in form stays");

        signIn(SecurityTest.VIEWER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        assertEquals("viewer1 (viewer)", browser.findElement(By.id("who")).getText());
        assertTrue(browser.findElements(By.cssSelector("#tasks button")).isEmpty(),
                "a viewer sees no Start…, Pause or Resume");
        click(By.cssSelector("#runs tr[data-run='" + earlier + "']"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "SUCCEEDED"));
        assertTrue(browser.findElements(By.cssSelector("#detail-rerun, #detail-rerun-dry, #detail-cancel")).isEmpty(),
                "nor Re-run or Cancel");

        click(By.id("signout"));
        wait.until(ExpectedConditions.textToBe(By.id("message"), "Signed out."));
        assertTrue(browser.findElements(By.id("detail")).isEmpty(), "the open run is gone");
        assertTrue(browser.findElements(By.cssSelector("#tasks tbody tr, #runs tbody tr, #counts")).isEmpty(),
                "so are the tasks, runs and counts");
        assertTrue(!browser.getCurrentUrl().contains("#/runs/"), browser.getCurrentUrl());

        signIn(SecurityTest.OPERATOR);
        String label = "operator-" + UUID.randomUUID();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        click(By.xpath("//table[@id='tasks']//tr[@data-task='write-row']//button[normalize-space()='Start…']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#start-params input[data-param=label]")))
                .sendKeys(label);
        browser.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "SUCCEEDED"));
        assertEquals("op1", browser.findElement(By.cssSelector("#detail dd[data-field='requested by']")).getText(),
                "recorded as the operator's client");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
        assertTrue(browser.findElements(By.xpath("//table[@id='tasks']//tr[@data-task='purge-expired-sessions']"
                + "//button[normalize-space()='Start…']")).isEmpty(), "not a task that needs a role op1 lacks");
        click(By.id("signout"));
    }

    @Test
    void aRunsOwnUrlOpensItOnceSignedIn() {
        String id = given().header("Authorization", "Bearer " + SecurityTest.OPERATOR).contentType(ContentType.JSON)
                .body("{\"label\":\"deep-link\"}").when().post("/api/tasks/write-row/runs")
                .then().statusCode(200).extract().path("id");
        open("#/runs/" + id);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Sign in"));
        signIn(SecurityTest.VIEWER);
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), id));
        click(By.id("signout"));
    }

    @Test
    void theServicesAddressLeadsToTheDashboardWithoutAToken() {
        for (String path : new String[] {"/", "/dashboard"}) {
            given().redirects().follow(false).when().get(path)
                    .then().statusCode(303).header("Location", endsWith("/dashboard/"));
        }
        given().when().get("/dashboard/").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/dashboard/app.js").then().statusCode(200);
        given().when().get("/webjars/preact/dist/preact.module.js").then().statusCode(200); // served from its jar
        given().when().get("/_static/htm/dist/htm.module.js").then().statusCode(200);
        given().when().get("/api/tasks").then().statusCode(401); // the API behind it still needs a token
    }

    /**
     * Swagger UI as someone trying the API sees it: it opens without a token, a request tried before authorizing gets
     * the 401, and once its Authorize button has the token the same request answers as that client.
     */
    @Test
    void swaggerUiTriesTheApiWithTheTokenItsAuthorizeButtonTakes() {
        browser.get(swaggerUi.toString());
        String operation = "#operations-identity-getIdentity";
        click(By.cssSelector(operation + " .opblock-summary"));
        click(By.cssSelector(operation + " button.try-out__btn"));
        click(By.cssSelector(operation + " button.execute"));
        By status = By.cssSelector(operation + " .live-responses-table tbody .response-col_status");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(status, "401"));
        click(By.cssSelector("button.btn.authorize"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".auth-container input")))
                .sendKeys(SecurityTest.OPERATOR);
        click(By.cssSelector(".auth-btn-wrapper button.authorize"));
        click(By.cssSelector(".auth-btn-wrapper button.btn-done"));
        click(By.cssSelector(operation + " button.execute"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(status, "200"));
        String body = browser.findElement(By.cssSelector(operation + " .live-responses-table tbody"
                + " .response-col_description")).getText();
        assertTrue(body.contains("\"op1\""), "answered as the operator's client: " + body);
    }

    /** The page as a new visitor sees it: no token kept from another test. */
    private void open(String fragment) {
        browser.get(dashboard.toString());
        script("sessionStorage.clear()");
        browser.get("about:blank");
        browser.get(dashboard + fragment);
    }

    private void signIn(String token) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }
}
