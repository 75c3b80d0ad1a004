package dev.ormtask.api;

import dev.ormtask.history.RunJournalStore;
import dev.ormtask.history.RunLogLine;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import java.util.List;

/**
 * Lines a run's task logged, as {@code GET /api/runs/{id}/log} answers them.
 *
 * @param droppedLines older lines of the run deleted to keep it within {@code ormtask.runlog.max-lines}
 * @param nextAfter the {@code after} to ask with next for newer lines only
 * @param complete the run has ended and this page reaches its last line: nothing is left to ask for
 */
public record RunLogView(String runId, RunStatus status, List<RunLogLine> lines, int droppedLines, int nextAfter,
        boolean complete) {

    static RunLogView of(RunRecord run, RunJournalStore.LogPage page, int after) {
        List<RunLogLine> lines = page.lines();
        int next = lines.isEmpty() ? Math.max(after, page.droppedLines()) : lines.get(lines.size() - 1).seq();
        // The run is read before its log, and its last lines are written before its end: an ended run's log is whole.
        return new RunLogView(run.id(), run.status(), lines, page.droppedLines(), next,
                run.status().isTerminal() && next >= page.newestSeq());
    }
}
