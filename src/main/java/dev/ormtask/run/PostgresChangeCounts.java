package dev.ormtask.run;

import dev.ormtask.run.ChangeCounter.TableChanges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** PostgreSQL's own count of rows the current transaction inserted, updated and deleted, per table. */
final class PostgresChangeCounts {

    private static final String SQL = "SELECT schemaname, relname, n_tup_ins, n_tup_upd, n_tup_del"
            + " FROM pg_stat_xact_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0";

    private PostgresChangeCounts() {}

    static Map<String, TableChanges> read(Connection connection) throws SQLException {
        Map<String, TableChanges> tables = new TreeMap<>();
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
