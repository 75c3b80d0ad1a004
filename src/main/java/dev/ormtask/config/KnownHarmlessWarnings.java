package dev.ormtask.config;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Drops two warnings that every start prints and that look like faults, but are known to be harmless; only those two
 * exact messages, so that any other warning of the same loggers still shows.
 * <ul>
 * <li>Flyway's "Using H2 2.x which is newer than the version Flyway has been verified with": the H2 is the one Quarkus
 * ships, and the history and example migrations are plain SQL that the tests run on it at every build.</li>
 * <li>Quarkus' "Persistence-unit [app] sets unsupported properties … [hibernate.stats.factory]": that line is what dry
 * runs count changes with (README, "Dry runs"), and {@code DryRunTest} checks at every build that it still works.
 * A unit that sets any other unsupported property still gets the warning.</li>
 * </ul>
 */
@LoggingFilter(name = "ormtask-known-harmless")
public final class KnownHarmlessWarnings implements Filter {

    static final String FLYWAY = "org.flywaydb.core.internal.database.base.Database";
    static final String HIBERNATE = "io.quarkus.hibernate.orm.runtime.FastBootHibernatePersistenceProvider";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() != Level.WARNING.intValue()) { // JBoss logging has its own WARN instance
            return true;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message == null) {
            return true;
        }
        if (FLYWAY.equals(record.getLoggerName())) {
            return !(message.startsWith("Using H2 ") && message.contains("newer than the version Flyway has been verified"));
        }
        if (HIBERNATE.equals(record.getLoggerName())) {
            return !(message.contains("sets unsupported properties.")
                    && message.endsWith("Unsupported properties being set: [hibernate.stats.factory]"));
        }
        return true;
    }
}
