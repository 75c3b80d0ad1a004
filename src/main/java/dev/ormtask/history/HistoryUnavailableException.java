package dev.ormtask.history;

import java.sql.SQLException;

/** The history store did not answer or refused a statement; the API reports it as 503. */
public class HistoryUnavailableException extends RuntimeException {

    public HistoryUnavailableException(SQLException cause) {
        super("run history is unavailable: " + cause.getMessage(), cause);
    }
}
