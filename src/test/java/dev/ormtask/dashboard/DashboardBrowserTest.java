package dev.ormtask.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.history.RunIds;
import dev.ormtask.testsupport.BrowserTest;
import dev.ormtask.testsupport.HeadlessChromium;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.GatedTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operator dashboard in a real browser (the system's Chromium, headless, in {@link HeadlessChromium#ZONE}):
 * starting runs (recorded with the trigger DASHBOARD), the service's problems shown as they come, a run another client
 * started appearing without a reload and cancelled, pausing and resuming, times in the browser's zone or UTC, the
 * next fire time in the task's zone, readable durations, messages that do not go stale, an empty filter. What the
 * page did is checked in the databases, not only on the page.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DashboardBrowserTest extends BrowserTest {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @AfterEach
    void desktop() {
        viewport(1400, 1000);
    }

    @Test
    void startsARunWithParametersAndShowsItsOutcome() throws Exception {
        open();
        String label = "dashboard-" + UUID.randomUUID();
        startForm("write-row");
        browser.findElement(By.cssSelector("#start-params input[data-param=label]")).sendKeys(label);
        screenshot("dashboard-start");
        browser.findElement(By.id("start-submit")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "SUCCEEDED"));
        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#detail dd[data-field=status]")));
        assertEquals("SUCCEEDED", status.getText());
        String runId = browser.findElement(By.id("detail-id")).getText();
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ? AND run_id = ?", label, runId),
                "the run the dashboard reports wrote its row");
        assertEquals("DASHBOARD", field("trigger"));
        assertEquals(1, TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE id = ? AND trigger_type = 'DASHBOARD'",
                runId), "recorded as started from the dashboard");
        assertTrue(browser.getCurrentUrl().endsWith("#/runs/" + runId), "the run has its own URL: " + browser.getCurrentUrl());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run='" + runId + "']")));
    }

    /* A: numbers typed into the form reach the task with every digit, not through a JavaScript number; parameters
     * named "l" and "d" also show that a parameter name never shadows the form's own properties. */
    @Test
    void sendsTheDigitsTypedForLongAndDecimalParameters() throws Exception {
        open();
        startForm("echo-params");
        browser.findElement(By.cssSelector("#start-params input[data-param=l]")).sendKeys("9007199254740993");
        browser.findElement(By.cssSelector("#start-params input[data-param=d]")).sendKeys("12345678901234567890.123456789");
        browser.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "SUCCEEDED"));
        String runId = browser.findElement(By.id("detail-id")).getText();
        try (var c = TestDb.connect("postgres");
                var ps = c.prepareStatement("SELECT result FROM task_run WHERE id = ?")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
                assertTrue(rs.next(), runId);
                String result = rs.getString(1);
                assertTrue(result.contains("\"l\":\"Long:9007199254740993\""), result);
                assertTrue(result.contains("\"d\":\"BigDecimal:12345678901234567890.123456789\""), result);
            }
        }
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
        browser.findElement(By.id("start-dry-run")).sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("start-form")));
    }

    @Test
    void showsAParametersRangeAndTheServicesProblemForAValueBeyondIt() throws Exception {
        long before = TestDb.scalar("postgres", "SELECT count(*) FROM task_run WHERE task_name = 'backfill-notes'");
        open();
        startForm("backfill-notes");
        WebElement count = browser.findElement(By.cssSelector("#start-params input[data-param=count]"));
        assertEquals("default 100, 1 to 1000000", count.getAttribute("placeholder"));
        count.sendKeys("0");
        browser.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "count"));
        assertEquals("Invalid parameters (400): parameter 'count' must be from 1 to 1000000, not 0",
                browser.findElement(By.id("message")).getText());
        assertEquals(before, TestDb.scalar("postgres",
                "SELECT count(*) FROM task_run WHERE task_name = 'backfill-notes'"), "nothing recorded");
        browser.findElement(By.id("start-dry-run")).sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("start-form")));
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
        String row = "//table[@id='tasks']//tr[@data-task='monthly-request-count']";
        click(By.xpath(row + "//button[normalize-space()='Pause']"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(row + "//button[normalize-space()='Resume']")));
        assertEquals(Boolean.TRUE, given().when().get("/api/tasks/monthly-request-count").then().extract().path("schedule.paused"));
        assertEquals("paused", browser.findElement(By.xpath(row + "//span[@class='paused']")).getText());
        click(By.xpath(row + "//button[normalize-space()='Resume']"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(row + "//button[normalize-space()='Pause']")));
        assertEquals(Boolean.FALSE, given().when().get("/api/tasks/monthly-request-count").then().extract().path("schedule.paused"));
    }

    @Test
    void showsTheNextFireTimeInTheTasksOwnZoneLabelledWithIt() {
        String next = given().when().get("/api/tasks/berlin-nightly").then().extract().path("schedule.nextFireTime");
        String inBerlin = SHOWN.format(Instant.parse(next).atZone(ZoneId.of("Europe/Berlin")));
        assertTrue(inBerlin.endsWith(" 20:45:00"), "the cron says 20:45 in Berlin: " + inBerlin);
        open();
        WebElement schedule = browser.findElement(By.xpath(
                "//table[@id='tasks']//tr[@data-task='berlin-nightly']/td[@data-label='Schedule']"));
        assertEquals(inBerlin, schedule.findElement(By.cssSelector("[data-next]")).getText());
        assertTrue(schedule.getText().contains("next " + inBerlin + " Europe/Berlin"), schedule.getText());
    }

    @Test
    void showsTimesInTheBrowsersZoneOrInUtcAndDurationsReadably() throws Exception {
        String id = given().when().post("/api/tasks/monthly-request-count/runs").then().statusCode(200).extract().path("id");
        JsonPath run = given().when().get("/api/runs/" + id).then().extract().jsonPath();
        Instant queued = Instant.parse(run.getString("queuedAt"));
        open();
        By row = By.cssSelector("#runs tr[data-run='" + id + "']");
        WebElement queuedCell = wait.until(ExpectedConditions.presenceOfElementLocated(row))
                .findElement(By.cssSelector("td[data-label=Queued]"));
        assertEquals(SHOWN.format(queued.atZone(ZoneId.of(HeadlessChromium.ZONE))), queuedCell.getText());
        assertEquals("Queued (" + HeadlessChromium.ZONE + ")", browser.findElement(By.xpath(
                "//table[@id='runs']//th[starts-with(normalize-space(), 'Queued')]")).getText());
        String duration = browser.findElement(row).findElement(By.cssSelector("td[data-label=Duration]")).getText();
        assertTrue(duration.matches("\\d+ ms|\\d+\\.\\d s|\\d+ s|\\d+ min \\d+ s"), "a readable duration: " + duration);

        click(By.id("utc"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#runs tr[data-run='" + id + "'] td[data-label=Queued]"),
                SHOWN.format(queued.atZone(ZoneId.of("UTC")))));
        assertEquals("times: UTC", browser.findElement(By.id("zone")).getText());
        click(By.id("utc")); // back to the browser's zone for the other tests (the choice is kept in the browser)
        wait.until(ExpectedConditions.textToBe(By.id("zone"), "times: " + HeadlessChromium.ZONE));
    }

    @Test
    void anEmptyFilterSaysSoAndMessagesDoNotGoStale() {
        open();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-task"))).selectByValue("disabled-task");
        wait.until(ExpectedConditions.textToBe(By.id("runs-empty"), "No runs match these filters."));
        assertTrue(browser.findElements(By.cssSelector("#runs tbody tr")).isEmpty());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-task"))).selectByValue("");

        click(By.xpath("//table[@id='tasks']//tr[@data-task='monthly-request-count']//button[normalize-space()='Pause']"));
        wait.until(ExpectedConditions.textToBe(By.id("message"), "monthly-request-count paused."));
        click(By.xpath("//table[@id='tasks']//tr[@data-task='monthly-request-count']//button[normalize-space()='Resume']"));
        wait.until(ExpectedConditions.textToBe(By.id("message"), "monthly-request-count resumed."));
        // An information says what just happened, then goes: it does not stay to describe an older state.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(ExpectedConditions.textToBe(By.id("message"), ""));
    }

    /*
     * More runs than the API's largest page (500) stay shown after "Older runs", through the refresh every 3 s (which
     * cut them back to 500), and a run's short id is the end of its id, not the queue time that begins it.
     */
    @Test
    void keepsMoreRunsThanOnePageShownThroughRefreshes() throws Exception {
        String task = "paging-" + UUID.randomUUID().toString().substring(0, 8);
        try (var c = TestDb.connect("postgres"); var ps = c.prepareStatement("INSERT INTO task_run (id, task_name,"
                + " status, trigger_type, params, dry_run, queued_at, started_at, finished_at, duration_ms, node,"
                + " requested_by, attempt) VALUES (?, ?, 'SUCCEEDED', 'API', '{}', false, now(), now(), now(), 1,"
                + " 'test', 'test', 1)")) {
            for (int i = 0; i < 560; i++) {
                ps.setString(1, RunIds.next(Clock.systemUTC()));
                ps.setString(2, task);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try {
            open();
            By rows = By.cssSelector("#runs tbody tr[data-run]");
            while (browser.findElements(rows).size() < 540) {
                int shown = browser.findElements(rows).size();
                click(By.id("more"));
                wait.until(d -> d.findElements(rows).size() > shown);
            }
            int shown = browser.findElements(rows).size();
            String id = given().contentType(ContentType.JSON).body("{\"label\":\"paging-" + UUID.randomUUID() + "\"}")
                    .when().post("/api/tasks/write-row/runs").then().statusCode(200).extract().path("id");
            By newest = By.cssSelector("#runs tr[data-run='" + id + "']");
            wait.until(ExpectedConditions.presenceOfElementLocated(newest)); // a refresh has happened
            assertTrue(browser.findElements(rows).size() > shown,
                    "after a refresh " + browser.findElements(rows).size() + " runs are shown, before it " + shown);
            assertEquals("…" + id.substring(id.length() - 8),
                    browser.findElement(newest).findElement(By.cssSelector("td[data-label=Run]")).getText());
        } finally {
            TestDb.update("postgres", "DELETE FROM task_run WHERE task_name = ?", task);
        }
    }

    private void open() {
        browser.get("about:blank"); // a new page, not a change of the fragment of the one shown
        browser.get(dashboard.toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        assertEquals("", browser.findElement(By.id("message")).getText(), "the page loaded without an error");
    }

    private String field(String name) {
        return browser.findElement(By.cssSelector("#detail dd[data-field='" + name + "']")).getText();
    }

    private void startForm(String task) {
        click(By.xpath("//table[@id='tasks']//tr[@data-task='" + task + "']//button[normalize-space()='Start…']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("start-form")));
    }
}
