package dev.ormtask.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.BrowserTest;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operator dashboard in a real browser (the system's Chromium, headless): it lists the tasks, starts a run with
 * parameters and shows its outcome, shows the service's 400 for a missing parameter without writing anything, shows a
 * run another client started without a reload and cancels it, and pauses and resumes a schedule. What it did is checked in the databases, not only on the page.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DashboardBrowserTest extends BrowserTest {

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @Test
    void startsARunWithParametersAndShowsItsOutcome() throws Exception {
        open();
        String label = "dashboard-" + UUID.randomUUID();
        startForm("write-row");
        browser.findElement(By.cssSelector("#start-params input[name=label]")).sendKeys(label);
        browser.findElement(By.id("start-submit")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "SUCCEEDED"));
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#detail dd[data-field=status]")));
        assertEquals("SUCCEEDED", status.getText());
        String runId = browser.findElement(By.id("detail-id")).getText();
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ? AND run_id = ?", label, runId),
                "the run the dashboard reports wrote its row");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run='" + runId + "']")));
    }

    @Test
    void showsTheServicesProblemForAMissingParameterAndWritesNothing() throws Exception {
        long before = TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = 'write-row'");
        open();
        startForm("write-row");
        browser.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "label"));
        WebElement message = browser.findElement(By.id("message"));
        assertEquals("Invalid parameters (400): missing required parameter 'label' (a JSON string)", message.getText());
        assertEquals("error", message.getAttribute("class"));
        assertEquals(before, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = 'write-row'"),
                "nothing recorded");
    }

    @Test
    void showsANewRunWithoutAReloadAndCancelsIt() throws Exception {
        open();
        // Started by another client after the page loaded: the runs table picks it up on its own.
        String gate = "dashboard-cancel-" + UUID.randomUUID();
        String runId = given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\"}")
                .when().post("/api/tasks/gated/runs?wait=0").then().statusCode(202).extract().path("id");
        assertTrue(GatedTask.awaitEntered(gate, 30));
        try {
            By row = By.cssSelector("#runs tr[data-run='" + runId + "']");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "RUNNING"));
            click(row);
            click(By.id("detail-cancel"));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "CANCELLED"));
            assertEquals("CANCELLED", given().when().get("/api/runs/" + runId).then().extract().path("status"));
            assertEquals(0, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE run_id = ?", runId));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "CANCELLED")); // the table follows
        } finally {
            GatedTask.open(gate);
        }
    }

    @Test
    void pausesAndResumesASchedule() throws Exception {
        open();
        String task = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//table[@id='tasks']//tr[.//button[text()='Pause']]"))).getAttribute("data-task");
        String row = "//table[@id='tasks']//tr[@data-task='" + task + "']";
        click(By.xpath(row + "//button[text()='Pause']"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(row + "//button[text()='Resume']")));
        assertEquals(Boolean.TRUE, given().when().get("/api/tasks/" + task).then().extract().path("schedule.paused"));
        click(By.xpath(row + "//button[text()='Resume']"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(row + "//button[text()='Pause']")));
        assertEquals(Boolean.FALSE, given().when().get("/api/tasks/" + task).then().extract().path("schedule.paused"));
    }

    private void open() {
        browser.get(dashboard.toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        List<String> errors = List.of(browser.findElement(By.id("message")).getText());
        assertEquals(List.of(""), errors, "the page loaded without an error");
    }

    private void startForm(String task) {
        click(By.xpath("//table[@id='tasks']//tr[@data-task='" + task + "']//button[text()='Start…']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("start-form")));
    }
}
