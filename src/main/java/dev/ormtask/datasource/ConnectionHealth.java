package dev.ormtask.datasource;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * After a database restart or failover every pooled connection is dead, and the pool would hand each one out once
 * more, failing a run apiece. So the first connection-class failure (SQLSTATE 08xxx, or PostgreSQL's 57P01–57P03)
 * flushes the whole pool, and for a while afterwards a run checks its connection before its task is called.
 * Connections idle for more than a second are validated by Agroal itself (foreground validation).
 */
@Singleton
public class ConnectionHealth {

    private static final Logger LOG = Logger.getLogger(ConnectionHealth.class);
    // How long after a connection was lost runs check theirs first: a restart's stragglers come back within it.
    private static final Duration SUSPECT_FOR = Duration.ofSeconds(30);
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");
    private final Map<DataSource, Long> suspectUntil = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    /** Whether the failure means the connection (not only the statement) is gone. */
    public static boolean isConnectionLoss(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GONE.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** After a failure on {@code dataSource}: when it lost its connection, flush its pool and be suspicious for a while. */
    public void afterFailure(DataSource dataSource, String name, Throwable failure) {
        if (!isConnectionLoss(failure)) {
            return;
        }
        Long before = suspectUntil.put(dataSource, clock.millis() + SUSPECT_FOR.toMillis());
        if (dataSource instanceof AgroalDataSource pool) {
            // Idle connections are closed now, the ones in use when they come back: all of them predate the loss.
            pool.flush(AgroalDataSource.FlushMode.GRACEFUL);
        }
        if (before == null || before < clock.millis()) {
            LOG.warnf("Datasource '%s' lost a connection (%s): its pool was flushed, and runs check their connection"
                    + " before their task for %d s", name, failure.getMessage(), SUSPECT_FOR.toSeconds());
        }
    }

    /** Whether a connection of {@code dataSource} failed recently, so that a new one should be checked before use. */
    public boolean suspect(DataSource dataSource) {
        Long until = suspectUntil.get(dataSource);
        return until != null && until > clock.millis();
    }
}
