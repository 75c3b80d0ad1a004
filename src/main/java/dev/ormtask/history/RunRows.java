package dev.ormtask.history;

import dev.ormtask.task.Trigger;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a {@code task_run} row (the columns of {@link RunTransitions#COLUMNS}) into a {@link RunRecord}. */
final class RunRows {

    private RunRows() {}

    static RunRecord read(ResultSet rs) throws SQLException {
        String errorMessage = rs.getString("error_message");
        String errorClass = rs.getString("error_class");
        RunError error = errorMessage == null && errorClass == null
                ? null
                : new RunError(errorMessage, errorClass, rs.getString("error_stack"));
        return new RunRecord(
                rs.getString("id"),
                rs.getString("task_name"),
                RunStatus.valueOf(rs.getString("status")),
                Trigger.valueOf(rs.getString("trigger_type")),
                rs.getString("params"),
                rs.getBoolean("dry_run"),
                rs.getString("result"),
                rs.getString("changes"),
                error,
                HistoryJdbc.time(rs, "queued_at"),
                HistoryJdbc.time(rs, "started_at"),
                HistoryJdbc.time(rs, "finished_at"),
                rs.getString("node"),
                rs.getString("requested_by"),
                HistoryJdbc.time(rs, "scheduled_at"),
                rs.getString("idempotency_key"),
                rs.getInt("attempt"),
                rs.getString("first_attempt_id"),
                rs.getString("caller_ref"),
                rs.getString("traceparent"),
                rs.getString("rerun_of"));
    }
}
