package dev.ormtask.history;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/tasks} shows of each task's history, in three queries whatever the number of tasks: the
 * newest runs of every task (one statement, an index scan per task), the paused flags, and the last 24 h counts.
 */
@Singleton
public class TaskActivity {

    private final HistoryJdbc jdbc;
    private final TaskStates states;
    private final RunCounts counts;

    TaskActivity(HistoryJdbc jdbc, TaskStates states, RunCounts counts) {
        this.jdbc = jdbc;
        this.states = states;
        this.counts = counts;
    }

    /** On another database with the history schema (tests). */
    public static TaskActivity on(javax.sql.DataSource dataSource, java.time.Clock clock) {
        HistoryJdbc jdbc = new HistoryJdbc(dataSource);
        return new TaskActivity(jdbc, new TaskStates(jdbc), new RunCounts(jdbc, clock));
    }

    /**
     * A task's activity.
     *
     * @param recent its newest runs, newest first
     * @param last24h its finished runs in the last 24 h, null when none
     */
    public record Summary(List<RunBrief> recent, boolean paused, RunCounts.TaskCounts last24h) {}

    /** The activity of each of these tasks, with up to {@code recentPerTask} newest runs. */
    public Map<String, Summary> of(List<String> tasks, int recentPerTask, Instant now) {
        Map<String, Summary> result = new HashMap<>();
        if (tasks.isEmpty()) {
            return result;
        }
        Map<String, List<RunBrief>> recent = recent(tasks, recentPerTask);
        Map<String, Boolean> paused = states.paused();
        Map<String, RunCounts.TaskCounts> last24h = counts.byTask(RunCounts.dayStart(now));
        for (String task : tasks) {
            result.put(task, new Summary(recent.getOrDefault(task, List.of()), paused.getOrDefault(task, false),
                    last24h.get(task)));
        }
        return result;
    }

    /**
     * The newest runs of each task in one statement: a UNION ALL of one top-N query per task, each an index scan on
     * (task_name, id) backwards, so the cost grows with the number of tasks and N, never with the size of history.
     */
    private Map<String, List<RunBrief>> recent(List<String> tasks, int perTask) {
        String one = "(SELECT id, task_name, status, trigger_type, dry_run, queued_at, started_at, finished_at"
                + " FROM task_run WHERE task_name = ? ORDER BY id DESC LIMIT " + perTask + ")";
        String sql = String.join(" UNION ALL ", Collections.nCopies(tasks.size(), one));
        Map<String, List<RunBrief>> recent = new HashMap<>();
        jdbc.query(sql, ps -> {
            for (int i = 0; i < tasks.size(); i++) {
                ps.setString(i + 1, tasks.get(i));
            }
        }, rs -> recent.computeIfAbsent(rs.getString("task_name"), t -> new ArrayList<>()).add(new RunBrief(
                rs.getString("id"),
                RunStatus.valueOf(rs.getString("status")),
                dev.ormtask.task.Trigger.valueOf(rs.getString("trigger_type")),
                rs.getBoolean("dry_run"),
                HistoryJdbc.time(rs, "queued_at"),
                HistoryJdbc.time(rs, "started_at"),
                HistoryJdbc.time(rs, "finished_at"))));
        // UNION ALL keeps each branch's rows together but promises no order: put each task's newest first.
        recent.values().forEach(runs -> runs.sort((a, b) -> b.id().compareTo(a.id())));
        return recent;
    }
}
