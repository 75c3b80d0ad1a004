package dev.ormtask.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ormtask.testsupport.BrowserTest;
import dev.ormtask.testsupport.TestDatabases;
import dev.ormtask.testsupport.TestDb;
import dev.ormtask.testtasks.StepTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard while things happen, in a real browser: a run's progress and log lines moving live, re-runs (also as
 * a dry run) linked to the run they repeat, a run's own URL, Esc and the keyboard, the focus kept across redraws,
 * details opening in view and refreshes going on after paging, and a phone-sized screen.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabases.class)
class DashboardLiveBrowserTest extends BrowserTest {

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    @AfterEach
    void desktop() {
        viewport(1400, 1000);
    }

    @Test
    void progressAndLogLinesMoveWhileTheRunGoesOn() throws Exception {
        String gate = "browser-steps-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body("{\"gate\":\"" + gate + "\", \"steps\": 3}")
                .when().post("/api/tasks/steps/runs?wait=0").then().statusCode(202).extract().path("id");
        try {
            openAt("#/runs/" + id);
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail-progress [data-progress=message]"),
                    "waiting for step 1"));
            for (int step = 1; step <= 2; step++) {
                StepTask.advance(gate);
                wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail-progress [data-progress=done]"),
                        String.valueOf(step)));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-log"),
                        "step " + step + " of 3 done"));
            }
            assertEquals("3", text("#detail-progress [data-progress=total]"));
            assertEquals("2", browser.findElement(By.cssSelector("#detail-progress [role=progressbar]"))
                    .getAttribute("aria-valuenow"));
            assertTrue(text("#detail-progress [data-progress=elapsed]").startsWith("running for "));
            assertTrue(text("#detail-progress [data-progress=left]").matches("about .+ left"));
            assertEquals(2, browser.findElements(By.cssSelector("#detail-log .line")).size(), "each line once");
            assertEquals("(live)", text("#detail .log h3 .muted"));
            screenshot("dashboard-run");
        } finally {
            StepTask.finish(gate);
        }
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "SUCCEEDED"));
        wait.until(d -> d.findElements(By.cssSelector("#detail-log .line")).size() == 3);
        assertTrue(text("#detail-progress [data-progress=elapsed]").startsWith("took "));
    }

    @Test
    void reRunsTheSameTaskWithTheStoredParametersAlsoAsADryRun() throws Exception {
        String label = "rerun-" + UUID.randomUUID();
        String first = given().contentType(ContentType.JSON).body("{\"label\":\"" + label + "\"}")
                .when().post("/api/tasks/write-row/runs").then().statusCode(200).extract().path("id");
        openAt("#/runs/" + first);
        click(By.id("detail-rerun"));
        wait.until(d -> !d.findElement(By.id("detail-id")).getText().equals(first)
                && "SUCCEEDED".equals(statusShown()));
        String again = browser.findElement(By.id("detail-id")).getText();
        assertEquals(first, text("#detail dd[data-field='re-run of']"));
        assertEquals("DASHBOARD", text("#detail dd[data-field=trigger]"));
        assertEquals(2, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "the re-run wrote with the same parameters");
        assertEquals(first, given().when().get("/api/runs/" + again).then().extract().path("rerunOf"));

        click(By.id("detail-rerun-dry"));
        wait.until(d -> !d.findElement(By.id("detail-id")).getText().equals(again) && "SUCCEEDED".equals(statusShown()));
        String dry = browser.findElement(By.id("detail-id")).getText();
        assertEquals("yes", text("#detail dd[data-field='dry run']"));
        assertEquals(again, text("#detail dd[data-field='re-run of']"));
        assertEquals(2, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label),
                "the dry run wrote nothing");
        assertEquals(Boolean.TRUE, given().when().get("/api/runs/" + dry).then().extract().path("dryRun"));
        click(By.cssSelector("#detail dd[data-field='re-run of'] a")); // the link leads to the run it repeats
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), again));
    }

    @Test
    void aRunsOwnUrlOpensItAndEscClosesItGivingTheFocusBack() {
        String id = given().when().post("/api/tasks/monthly-request-count/runs").then().statusCode(200).extract().path("id");
        openAt("#/runs/" + id);
        assertEquals("SUCCEEDED", statusShown());
        assertEquals("detail-title", browser.switchTo().activeElement().getAttribute("id"), "the panel has the focus");
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
        assertFalse(browser.getCurrentUrl().contains("#/runs/"), browser.getCurrentUrl());

        // By keyboard: a run's row takes the focus, Enter opens it, Esc closes it and the focus is back on the row.
        By row = By.cssSelector("#runs tr[data-run='" + id + "']");
        WebElement found = wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertEquals("0", found.getAttribute("tabindex"), "reachable with Tab");
        script("arguments[0].focus()", found);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), id));
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
        assertEquals(id, browser.switchTo().activeElement().getAttribute("data-run"), "focus back on the row");
    }

    @Test
    void tabReachesTheRunRows() {
        String id = given().when().post("/api/tasks/monthly-request-count/runs").then().statusCode(200).extract().path("id");
        openAt("");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run='" + id + "']")));
        script("document.getElementById('refresh').focus()");
        for (int i = 0; i < 10 && browser.switchTo().activeElement().getAttribute("data-run") == null; i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertEquals(id, browser.switchTo().activeElement().getAttribute("data-run"), "Tab from Refresh reaches the newest run");
    }

    @Test
    void aRedrawKeepsTheFocusWhereItWas() {
        openAt("");
        WebElement pause = browser.findElement(By.xpath(
                "//table[@id='tasks']//tr[@data-task='berlin-nightly']//button[normalize-space()='Pause']"));
        script("arguments[0].focus()", pause);
        // Another client's run changes the tables; they are redrawn while the operator sits on the button.
        String id = given().when().post("/api/tasks/monthly-request-count/runs").then().statusCode(200).extract().path("id");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run='" + id + "']")));
        WebElement focused = browser.switchTo().activeElement();
        assertEquals("Pause", focused.getText());
        assertEquals("berlin-nightly", focused.findElement(By.xpath("ancestor::tr")).getAttribute("data-task"));
    }

    @Test
    void afterOlderRunsTheTablesStillRefreshAndARunOpensInView() throws Exception {
        for (int i = 0; i < 80; i++) {
            given().contentType(ContentType.JSON).body("{\"label\":\"paging-" + i + "\"}")
                    .when().post("/api/tasks/write-row/runs").then().statusCode(200);
        }
        openAt("");
        click(By.id("more"));
        wait.until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() == 50);
        click(By.id("more"));
        wait.until(d -> d.findElements(By.cssSelector("#runs tbody tr")).size() == 75);

        // A run far down the page opens where the operator is looking.
        WebElement deep = browser.findElements(By.cssSelector("#runs tbody tr")).get(70);
        script("arguments[0].scrollIntoView({block: 'center'})", deep);
        String deepId = deep.getAttribute("data-run");
        deep.click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-id"), deepId));
        @SuppressWarnings("unchecked")
        Map<String, Object> box = (Map<String, Object>) script("const r = document.getElementById('detail')"
                + ".getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: window.innerHeight};");
        double top = ((Number) box.get("top")).doubleValue();
        assertTrue(top >= 0 && top < ((Number) box.get("height")).doubleValue() / 2, "the run opened in view: " + box);
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);

        // Another client starts a run and the task's last run changes: both show without Refresh, after paging.
        String id = given().when().post("/api/tasks/monthly-request-count/runs").then().statusCode(200).extract().path("id");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs tr[data-run='" + id + "']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                "#tasks tr[data-task='monthly-request-count'] a[data-last-run='" + id + "']")));
        assertEquals(75, browser.findElements(By.cssSelector("#runs tbody tr")).size(),
                "as many runs as the operator asked for, newest first");
    }

    @Test
    void onAPhoneTheTablesAreListsAndStartIsInReach() throws Exception {
        viewport(390, 844);
        openAt("");
        assertEquals(390L, ((Number) script("return window.innerWidth")).longValue());
        assertTrue(((Number) script("return document.documentElement.scrollWidth")).longValue() <= 390,
                "nothing wider than the screen");
        screenshot("dashboard-phone");
        String label = "phone-" + UUID.randomUUID();
        WebElement start = browser.findElement(By.xpath(
                "//table[@id='tasks']//tr[@data-task='write-row']//button[normalize-space()='Start…']"));
        script("arguments[0].scrollIntoView({block: 'center'})", start);
        start.click();
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#start-params input[data-param=label]")));
        input.sendKeys(label);
        browser.findElement(By.id("start-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "SUCCEEDED"));
        assertEquals(1, TestDb.scalar("app", "SELECT count(*) FROM test_write WHERE label = ?", label));
        assertTrue(((Number) script("return document.getElementById('detail').getBoundingClientRect().width"))
                .longValue() <= 390, "the run fills the screen, no wider");
        assertTrue(((Number) script("return document.getElementById('detail').getBoundingClientRect().bottom"
                + " - window.innerHeight")).doubleValue() <= 0, "no taller either: it scrolls within the screen");
        // The run fills the screen and scrolls within it: its buttons are reached by scrolling the panel.
        script("arguments[0].scrollIntoView({block: 'center'})", browser.findElement(By.id("detail-close")));
        click(By.id("detail-close"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("detail")));
    }

    @Test
    void screenshotOfTheOverview() throws Exception {
        for (int i = 0; i < 8; i++) {
            given().when().post("/api/tasks/monthly-request-count/runs").then().statusCode(200);
        }
        given().when().post("/api/tasks/fail-on-purpose/runs").then().statusCode(500);
        given().when().post("/api/tasks/monthly-request-count/runs?dryRun=true").then().statusCode(200);
        openAt("");
        // The 24 h counts arrive with the next flush of the hourly counts (every few seconds).
        wait.until(d -> !d.findElement(By.cssSelector("#counts li[data-count=SUCCEEDED] b")).getText().equals("0"));
        wait.until(d -> d.findElements(By.cssSelector("#tasks tr[data-task='monthly-request-count'] svg.strip rect"))
                .size() >= 9);
        screenshot("dashboard");
    }

    /**
     * A run that logs more lines than the service keeps (ormtask.runlog.max-lines, 500), followed live: the page keeps
     * those 500 too. It showed every line it had fetched, thousands for a long run, under a note saying the earlier
     * ones were dropped.
     */
    @Test
    void aLongRunsLogKeepsWhatTheServiceKeeps() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"count\": 1200, \"batchSize\": 1, \"pauseMillis\": 5}")
                .when().post("/api/tasks/backfill-notes/runs?wait=0").then().statusCode(202).extract().path("id");
        openAt("#/runs/" + id);
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(60)).until(
                ExpectedConditions.textToBe(By.cssSelector("#detail dd[data-field=status]"), "SUCCEEDED"));
        String last = "return (document.querySelector('#detail-log > div:last-child') || {}).textContent || ''";
        wait.until(d -> String.valueOf(script(last)).endsWith("Wrote note 1200"));
        List<WebElement> lines = browser.findElements(By.cssSelector("#detail-log > div"));
        assertEquals(500, lines.size(), "the lines shown");
        assertTrue(String.valueOf(script("return document.querySelector('#detail-log > div').textContent"))
                .endsWith("Wrote note 701"), "the oldest line shown is the oldest kept");
        assertTrue(text("#detail-log-dropped").contains("700 earlier lines dropped"), text("#detail-log-dropped"));
    }

    private void openAt(String fragment) {
        browser.get("about:blank"); // a new page, not a change of the fragment of the one shown
        browser.get(dashboard + fragment);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tasks tr[data-task='write-row']")));
        if (!fragment.isEmpty()) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#detail dd[data-field=status]")));
        }
    }

    private String statusShown() {
        List<WebElement> status = browser.findElements(By.cssSelector("#detail dd[data-field=status]"));
        return status.isEmpty() ? null : status.get(0).getText();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
