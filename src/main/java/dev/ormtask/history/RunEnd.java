package dev.ormtask.history;

import dev.ormtask.history.RunTransitions.NewRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a running run, with what goes with it in the same transaction: the task's concurrency slot to let go
 * (FORBID/REPLACE tasks) and, for a transient failure, the next attempt.
 */
public record RunEnd(RunRecord done, boolean releaseTask, RunRecord nextAttempt, Instant nextNotBefore) {

    /**
     * Records run ends in {@code c}'s transaction, with what goes with each: the next attempt (only when the end was
     * written: a run settled by another node meanwhile gets its next attempt from that node) and the release of the
     * task's concurrency slot. Returns, per end, whether it was written.
     */
    static boolean[] write(Connection c, List<RunEnd> ends) throws SQLException {
        boolean[] written = RunTransitions.finish(c, ends.stream().map(RunEnd::done).toList());
        List<NewRun> next = new ArrayList<>();
        List<RunRecord> releases = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            RunEnd f = ends.get(i);
            if (written[i] && f.nextAttempt() != null) {
                next.add(new NewRun(f.nextAttempt(), f.nextNotBefore()));
            }
            if (f.releaseTask()) {
                releases.add(f.done());
            }
        }
        if (!next.isEmpty()) {
            RunTransitions.record(c, next);
        }
        if (!releases.isEmpty()) {
            TaskStates.release(c, releases);
        }
        return written;
    }
}
