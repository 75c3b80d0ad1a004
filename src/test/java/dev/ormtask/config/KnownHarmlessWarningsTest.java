package dev.ormtask.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Exactly the two known start-up warnings are dropped; every other line of the same loggers still shows. */
class KnownHarmlessWarningsTest {

    private static final KnownHarmlessWarnings FILTER = new KnownHarmlessWarnings();
    private static final String UNSUPPORTED = "Persistence-unit [%s] sets unsupported properties. These properties may"
            + " not work correctly. Unsupported properties being set: %s";

    private static boolean shown(String logger, org.jboss.logmanager.Level level, String format, Object... args) {
        ExtLogRecord record = new ExtLogRecord(level, format, ExtLogRecord.FormatStyle.PRINTF, logger);
        record.setParameters(args);
        record.setLoggerName(logger);
        return FILTER.isLoggable(record);
    }

    @Test
    void dropsFlywaysNoticeAboutANewerH2() {
        assertFalse(shown(KnownHarmlessWarnings.FLYWAY, org.jboss.logmanager.Level.WARN,
                "Using H2 2.4.240 which is newer than the version Flyway has been verified with. The latest verified"
                        + " version of H2 is 2.3.232."));
    }

    @Test
    void dropsTheUnsupportedPropertiesWarningForTheDryRunStatisticsLineOnly() {
        assertFalse(shown(KnownHarmlessWarnings.HIBERNATE, org.jboss.logmanager.Level.WARN, UNSUPPORTED, "app",
                "[hibernate.stats.factory]"));
        assertTrue(shown(KnownHarmlessWarnings.HIBERNATE, org.jboss.logmanager.Level.WARN, UNSUPPORTED, "app",
                "[hibernate.jdbc.batch_size, hibernate.stats.factory]"), "another unsupported property still shows");
    }

    @Test
    void keepsEverythingElse() {
        assertTrue(shown(KnownHarmlessWarnings.FLYWAY, org.jboss.logmanager.Level.WARN, "DB: table already exists"));
        assertTrue(shown(KnownHarmlessWarnings.FLYWAY, org.jboss.logmanager.Level.ERROR, "Using H2 2.4.240 which is"
                + " newer than the version Flyway has been verified with."), "not a warning");
        assertTrue(shown("dev.ormtask.run.RunExecutor", org.jboss.logmanager.Level.WARN, UNSUPPORTED, "app",
                "[hibernate.stats.factory]"), "another logger");
        assertTrue(FILTER.isLoggable(new java.util.logging.LogRecord(Level.WARNING, "plain JUL record")));
    }
}
