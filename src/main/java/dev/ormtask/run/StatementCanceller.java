package dev.ormtask.run;

import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Cancels, from another thread, whatever statement a run's connection is executing on the database server.
 * PostgreSQL and MariaDB drivers have a thread-safe cancel for the whole connection; elsewhere Hibernate cancels
 * the last query it issued.
 */
final class StatementCanceller {

    private static final Logger LOG = Logger.getLogger(StatementCanceller.class);

    private final String dbKind;
    private final Connection connection;
    private final Session session;

    StatementCanceller(String dbKind, Connection connection, Session session) {
        this.dbKind = dbKind;
        this.connection = connection;
        this.session = session;
    }

    /**
     * Whether the worker may also be interrupted. Not on embedded H2: an interrupt during its file I/O closes the
     * file channel and with it the whole database.
     */
    boolean interruptSafe() {
        return !"h2".equals(dbKind);
    }

    void cancel() {
        try {
            switch (dbKind) {
                case "postgresql" -> connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
                case "mariadb", "mysql" -> connection.unwrap(org.mariadb.jdbc.Connection.class).cancelCurrentQuery();
                default -> session.cancelQuery();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Could not cancel the running statement (%s): %s", dbKind, e.getMessage());
        }
    }
}
