package dev.ormtask.history;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code task_state} table: per task, whether its schedule is paused and which run holds it for a FORBID or
 * REPLACE policy. Every change is a single compare-and-set statement, so replicas agree without any lock lease.
 */
@Singleton
public class TaskStates {

    private static final String RELEASE = "UPDATE task_state SET active_run_id = NULL, active_fire_at = NULL"
            + " WHERE task_name = ? AND active_run_id = ?";

    private final HistoryJdbc jdbc;

    TaskStates(HistoryJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The run holding a task, and for which cron fire (null for a start over the API). */
    public record ActiveRun(String runId, Instant fireAt, Instant since) {}

    /** Makes sure every task has a row; a row another replica inserted first is fine. */
    public void ensure(Collection<String> tasks, Instant now) {
        Map<String, Boolean> existing = paused();
        for (String task : tasks) {
            if (existing.containsKey(task)) {
                continue;
            }
            try {
                jdbc.update("INSERT INTO task_state (task_name, paused, schedule_changed_at, updated_at)"
                        + " VALUES (?, ?, ?, ?)", ps -> {
                            ps.setString(1, task);
                            ps.setBoolean(2, false);
                            HistoryJdbc.setTime(ps, 3, now);
                            HistoryJdbc.setTime(ps, 4, now);
                        });
            } catch (HistoryUnavailableException e) {
                if (!HistoryDialect.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /** Paused flag by task name. */
    public Map<String, Boolean> paused() {
        Map<String, Boolean> paused = new HashMap<>();
        jdbc.query("SELECT task_name, paused FROM task_state", ps -> {}, rs -> paused.put(rs.getString(1), rs.getBoolean(2)));
        return paused;
    }

    /** Whether a task's schedule is paused, and since when that has been so (its row's creation at the earliest). */
    public record Schedule(boolean paused, Instant changedAt) {

        /** Whether a fire due at {@code fireTime} may run: not paused now, and not due before the last change. */
        public boolean allows(Instant fireTime) {
            return !paused && !fireTime.isBefore(changedAt);
        }
    }

    public Optional<Schedule> schedule(String task) {
        return jdbc.query("SELECT paused, schedule_changed_at FROM task_state WHERE task_name = ?",
                        ps -> ps.setString(1, task), rs -> new Schedule(rs.getBoolean(1), HistoryJdbc.time(rs, 2)))
                .stream()
                .findFirst();
    }

    public void setPaused(String task, boolean paused, Instant now) {
        jdbc.update("UPDATE task_state SET paused = ?, schedule_changed_at = ?, updated_at = ? WHERE task_name = ?", ps -> {
            ps.setBoolean(1, paused);
            HistoryJdbc.setTime(ps, 2, now);
            HistoryJdbc.setTime(ps, 3, now);
            ps.setString(4, task);
        });
    }

    /** Takes the task for a run; empty on success, else the run that holds it. */
    public Optional<ActiveRun> acquire(String task, String runId, Instant fireAt, Instant now) {
        int taken = jdbc.update("UPDATE task_state SET active_run_id = ?, active_fire_at = ?, updated_at = ?"
                + " WHERE task_name = ? AND active_run_id IS NULL", ps -> {
                    ps.setString(1, runId);
                    HistoryJdbc.setTime(ps, 2, fireAt);
                    HistoryJdbc.setTime(ps, 3, now);
                    ps.setString(4, task);
                });
        return taken == 1 ? Optional.empty() : holder(task);
    }

    /** Moves the task from one run to another; false when {@code from} no longer holds it. */
    public boolean takeOver(String task, String from, String runId, Instant fireAt, Instant now) {
        return jdbc.update("UPDATE task_state SET active_run_id = ?, active_fire_at = ?, updated_at = ?"
                + " WHERE task_name = ? AND active_run_id = ?", ps -> {
                    ps.setString(1, runId);
                    HistoryJdbc.setTime(ps, 2, fireAt);
                    HistoryJdbc.setTime(ps, 3, now);
                    ps.setString(4, task);
                    ps.setString(5, from);
                }) == 1;
    }

    /** Lets go of the task if this run still holds it. */
    public void release(String task, String runId) {
        jdbc.update(RELEASE, ps -> {
                    ps.setString(1, task);
                    ps.setString(2, runId);
                });
    }

    /** Lets go of the tasks these runs still hold, in {@code c}'s transaction (the group commit of their ends). */
    static void release(java.sql.Connection c, java.util.List<RunRecord> runs) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(RELEASE)) {
            for (RunRecord run : runs) {
                ps.setString(1, run.taskName());
                ps.setString(2, run.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The run holding a task now, if any. */
    public Optional<ActiveRun> holder(String task) {
        return jdbc.query("SELECT active_run_id, active_fire_at, updated_at FROM task_state WHERE task_name = ?",
                        ps -> ps.setString(1, task),
                        rs -> rs.getString(1) == null ? null
                                : new ActiveRun(rs.getString(1), HistoryJdbc.time(rs, 2), HistoryJdbc.time(rs, 3)))
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }
}
