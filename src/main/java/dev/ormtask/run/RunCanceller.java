package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.history.RunRecord;
import jakarta.inject.Singleton;

/**
 * Cancels runs wherever they are: a queued run at once in the database; a run executing on this node through its
 * {@link RunControl}; a run executing on another node by flagging it for that node's {@link CancelRequestPoller}.
 */
@Singleton
public class RunCanceller {

    private final RunHistory history;
    private final RunWorkers workers;
    private final NodeIdentity node;
    private final BacklogLimit backlog;

    private final RunMetrics metrics;

    RunCanceller(RunHistory history, RunWorkers workers, NodeIdentity node, BacklogLimit backlog, RunMetrics metrics) {
        this.metrics = metrics;
        this.history = history;
        this.workers = workers;
        this.node = node;
        this.backlog = backlog;
    }

    /** Asks for the run to be cancelled; the returned record is its state right after the request. */
    public RunRecord cancel(String id, String reason) {
        RunRecord run = history.find(id).orElseThrow(() -> new RunNotFoundException(id));
        switch (run.status()) {
            case QUEUED -> {
                if (!history.cancelQueued(id, "cancelled: " + reason, node.now())) {
                    return cancel(id, reason); // it started meanwhile
                }
                backlog.left(1);
                RunRecord cancelled = history.find(id).orElseThrow(() -> new RunNotFoundException(id));
                metrics.finished(cancelled);
                return cancelled;
            }
            case RUNNING -> {
                if (!workers.cancelLocal(id, reason) && !history.requestCancel(id)) {
                    return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
                }
            }
            default -> throw new RunFinishedException(id, run.status());
        }
        return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
    }
}
