package dev.ormtask.run;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which failures a retry can fix, classified by SQLSTATE anywhere in the cause chain (the table is in the README):
 * serialization failures and deadlocks, lost or refused connections, a server shutting down, a lock not available.
 */
final class RetryableFailures {

    private static final Set<String> STATES = Set.of(
            "40001", // serialization_failure (PostgreSQL, H2, MariaDB under SERIALIZABLE)
            "40P01", // deadlock_detected (PostgreSQL)
            "55P03", // lock_not_available (PostgreSQL: NOWAIT, lock_timeout)
            "57P01", // admin_shutdown (PostgreSQL)
            "57P02", // crash_shutdown (PostgreSQL)
            "57P03", // cannot_connect_now (PostgreSQL starting up)
            "HYT00"); // lock or query timeout (H2, some drivers)
    private static final Set<Integer> MARIADB_CODES = Set.of(
            1205, // lock wait timeout exceeded
            1213); // deadlock found when trying to get lock

    private RetryableFailures() {}

    static boolean isRetryable(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (STATES.contains(state) || state.startsWith("08"))) {
                    return true; // class 08: connection exception
                }
                if (MARIADB_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }
}
