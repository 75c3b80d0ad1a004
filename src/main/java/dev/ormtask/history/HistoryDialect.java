package dev.ormtask.history;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases that can hold history (db-scheduler's {@code JdbcCustomization}): how a claim
 * locks and returns rows, which isolation a claim needs, and what a unique violation looks like.
 */
enum HistoryDialect {
    POSTGRESQL,
    H2,
    MARIADB;

    static HistoryDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if (product.equalsIgnoreCase("PostgreSQL")) {
            return POSTGRESQL;
        }
        if (product.equalsIgnoreCase("MariaDB") || product.equalsIgnoreCase("MySQL")) {
            return MARIADB;
        }
        return H2;
    }

    /** PostgreSQL updates and returns the claimed rows in one statement; the others select, then update. */
    boolean claimsInOneStatement() {
        return this == POSTGRESQL;
    }

    /**
     * MariaDB's default (repeatable read) keeps locks on every row a locking read examined, also rows it did not
     * return: other claimers would skip those until the transaction ends. PostgreSQL and H2 read committed already.
     */
    boolean claimNeedsReadCommitted() {
        return this == MARIADB;
    }

    /** SQLSTATE 23505 (PostgreSQL, H2) or MariaDB's error 1062. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }
}
