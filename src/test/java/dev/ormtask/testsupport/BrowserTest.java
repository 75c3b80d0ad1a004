package dev.ormtask.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One headless Chromium per test class (skipped, with the reason printed, where none is installed). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTest {

    private HeadlessChromium chromium;
    protected WebDriver browser;
    protected WebDriverWait wait;

    @BeforeAll
    void startBrowser() throws Exception {
        chromium = HeadlessChromium.startOrSkip(getClass().getSimpleName());
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /**
     * Clicks what {@code target} finds once it is clickable; the page re-renders its tables every few seconds, so an
     * element found a moment ago may be gone: find it again rather than fail.
     */
    protected void click(By target) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = d.findElement(target);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Sizes the window (the page's viewport in headless Chromium): 1400 × 1000 unless a test asks otherwise. */
    protected void viewport(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
    }

    /** Runs a script in the page and returns what it returns. */
    protected Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(javascript, args);
    }

    /**
     * Saves what the browser shows as {@code docs/<name>.png}: the README shows these pictures, and the tests that
     * take them keep them current.
     */
    protected void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path docs = Path.of("docs");
        Files.createDirectories(docs);
        Files.copy(shot, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }
}
