package dev.ormtask.testsupport;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;
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

    @AfterAll
    void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }
}
