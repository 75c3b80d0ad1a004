package dev.ormtask.run;

import dev.ormtask.run.ChangeCounter.TableChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's own count of rows the current transaction inserted, updated and deleted, per table. The view also
 * holds counts of earlier transactions on the same (pooled) connection that the server has not flushed yet, so a
 * run reads it at its start and at its end, inside its one transaction, and keeps the difference.
 */
final class PostgresChangeCounts {

    private static final String SQL = "SELECT schemaname, relname, n_tup_ins, n_tup_upd, n_tup_del"
            + " FROM pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0";

    private final Map<String, TableChanges> atStart;

    private PostgresChangeCounts(Map<String, TableChanges> atStart) {
        this.atStart = atStart;
    }

    static PostgresChangeCounts start(Connection connection) throws SQLException {
        return new PostgresChangeCounts(read(connection));
    }

    /** Rows changed per table since {@link #start}, tables without changes left out. */
    Map<String, TableChanges> since(Connection connection) throws SQLException {
        Map<String, TableChanges> changed = new TreeMap<>();
        read(connection).forEach((table, now) -> {
            TableChanges before = atStart.getOrDefault(table, new TableChanges(0, 0, 0));
            TableChanges delta = new TableChanges(now.inserted() - before.inserted(), now.updated() - before.updated(),
                    now.deleted() - before.deleted());
            if (delta.inserted() + delta.updated() + delta.deleted() > 0) {
                changed.put(table, delta);
            }
        });
        return changed;
    }

    private static Map<String, TableChanges> read(Connection connection) throws SQLException {
        Map<String, TableChanges> tables = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String table = "public".equals(schema) ? rs.getString(2) : schema + "." + rs.getString(2);
                tables.put(table, new TableChanges(rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return tables;
    }
}
