package dev.ormtask.history;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way this package talks to the history store: short auto-committed statements on a pooled connection,
 * SQL errors turned into {@link HistoryUnavailableException}.
 */
@Singleton
class HistoryJdbc {

    private final javax.sql.DataSource dataSource;

    @Inject
    HistoryJdbc(HistoryStore store) {
        this(store.dataSource());
    }

    /** On another database with the history schema: how the tests prove each statement portable. */
    HistoryJdbc(javax.sql.DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryUnavailableException(e);
        }
    }

    <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new HistoryUnavailableException(e);
        }
    }

    /**
     * Runs {@code work} in one transaction on one connection: committed when it returns, rolled back when it
     * throws. For the few steps that must lock rows before they change them (claiming queued runs).
     */
    <T> T inTransaction(ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            // MariaDB's default (repeatable read) would keep locks on every row a locking read examined, also rows
            // it did not return: other claimers would skip those until this transaction ends. PostgreSQL and H2
            // read committed already, and asking costs them a round trip.
            boolean repeatableByDefault = isMariaDb(c);
            if (repeatableByDefault) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                if (repeatableByDefault) {
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
            }
        } catch (SQLException e) {
            throw new HistoryUnavailableException(e);
        }
    }

    private volatile Boolean mariaDb;

    private boolean isMariaDb(Connection c) throws SQLException {
        Boolean known = mariaDb;
        if (known == null) {
            String product = c.getMetaData().getDatabaseProductName();
            known = product.equalsIgnoreCase("MariaDB") || product.equalsIgnoreCase("MySQL");
            mariaDb = known;
        }
        return known;
    }

    // Timestamps are stored as UTC wall-clock values in plain TIMESTAMP columns: the same on every database,
    // whatever the JVM's or the session's time zone.
    static void setTime(PreparedStatement ps, int index, Instant at) throws SQLException {
        ps.setObject(index, at == null ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC), Types.TIMESTAMP);
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        return utc(rs.getObject(column, LocalDateTime.class));
    }

    static Instant time(ResultSet rs, int column) throws SQLException {
        return utc(rs.getObject(column, LocalDateTime.class));
    }

    private static Instant utc(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Work on a connection inside {@link #inTransaction}. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }
}
