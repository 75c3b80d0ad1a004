package dev.ormtask.history;

import dev.ormtask.datasource.ConnectionHealth;
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
    private final String name;
    private final ConnectionHealth health;

    @Inject
    HistoryJdbc(HistoryStore store, ConnectionHealth health) {
        this.dataSource = store.dataSource();
        this.name = store.name();
        this.health = health;
    }

    /** On another database with the history schema: how the tests prove each statement portable. */
    HistoryJdbc(javax.sql.DataSource dataSource) {
        this.dataSource = dataSource;
        this.name = "history";
        this.health = new ConnectionHealth();
    }

    private HistoryUnavailableException unavailable(SQLException e) {
        health.afterFailure(dataSource, name, e);
        return new HistoryUnavailableException(e);
    }

    int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
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
            throw unavailable(e);
        }
    }

    /**
     * Runs {@code work} in one transaction on one connection: committed when it returns, rolled back when it
     * throws. For writes that must commit together (a group commit's batch, a claim that locks rows first).
     */
    <T> T inTransaction(ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    // A rollback on a connection the database has closed fails too; the first failure is the one worth reporting.
    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private volatile HistoryDialect dialect;

    /** The history store's dialect, read from the first connection that asks. */
    HistoryDialect dialect(Connection c) throws SQLException {
        HistoryDialect known = dialect;
        if (known == null) {
            known = HistoryDialect.of(c);
            dialect = known;
        }
        return known;
    }

    /**
     * A status written into the SQL as a literal where a query selects runs by status. Bound as a parameter, it lets
     * PostgreSQL plan a prepared statement once for any status, as it does after a few executions, and such a plan may
     * walk the primary key through every finished run to find the few queued ones: the claim's did, 15 ms a call at
     * 40,000 runs of history. Enum names only, never a caller's text.
     */
    static String is(RunStatus status) {
        return "'" + status.name() + "'";
    }

    /** "?, ?, …" for an IN list of {@code count} parameters. */
    static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
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
