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
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard with authentication on, in a real browser: the page loads without a token but shows no data until
 * one is given; a viewer sees tasks and runs but a start is refused with the service's 403; an operator starts a run.
 * The service's bare address redirects to the page.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
@TestProfile(SecurityTest.Tokens.class)
class DashboardSignInBrowserTest extends BrowserTest {

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @Test
    void showsNothingWithoutATokenAndWhatTheRoleAllowsWithOne() throws Exception {
        browser.get(dashboard.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Sign in"));
        assertTrue(browser.findElements(By.cssSelector("#tasks tbody tr")).isEmpty(), "no task shown without a token");

        signIn(SecurityTest.VIEWER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        startWriteRow("viewer-" + UUID.randomUUID());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "(403)"));

        browser.findElement(By.id("signout")).click();
        signIn(SecurityTest.OPERATOR);
        String label = "operator-" + UUID.randomUUID();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        startWriteRow(label);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "SUCCEEDED"));
        assertEquals("op1", browser.findElement(By.cssSelector("#detail dd[data-field='requested by']")).getText(),
                "recorded as the operator's client");
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
    }

    @Test
    void theServicesAddressLeadsToTheDashboardWithoutAToken() {
        for (String path : new String[] {"/", "/dashboard"}) {
            given().redirects().follow(false).when().get(path)
                    .then().statusCode(303).header("Location", endsWith("/dashboard/"));
        }
        given().when().get("/dashboard/").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/api/tasks").then().statusCode(401); // the API behind it still needs a token
    }

    private void signIn(String token) {
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private void startWriteRow(String label) {
        click(By.xpath("//table[@id='tasks']//tr[@data-task='write-row']//button[text()='Start…']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#start-params input[name=label]")))
                .sendKeys(label);
        browser.findElement(By.id("start-submit")).click();
    }
}
