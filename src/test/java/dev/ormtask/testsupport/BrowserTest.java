package dev.ormtask.testsupport;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
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

    @AfterAll
    void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }
}
