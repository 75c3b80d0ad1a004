package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    // How long a cancel that came too late waits for the end of a run that finished first here: its end is being
    // written in the history writer's next batch.
    private static final long END_WAIT_MILLIS = 2_000;

    private final RunMetrics metrics;
    private final RunHandles handles;

    RunCanceller(RunHistory history, RunWorkers workers, NodeIdentity node, BacklogLimit backlog, RunMetrics metrics,
            RunHandles handles) {
        this.metrics = metrics;
        this.handles = handles;
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
                if (node.name().equals(run.node())) {
                    if (!workers.cancelLocal(id, reason)) {
                        // Its task returned before the cancel: the run commits as it decided. Answered 202 "under
                        // way", the caller then read SUCCEEDED; it is told the run's end instead.
                        RunRecord ended = endOf(run);
                        if (ended != null) {
                            if (ended.status() != RunStatus.CANCELLED) {
                                throw new RunFinishedException(id, ended.status());
                            }
                            return ended;
                        }
                        history.requestCancel(id); // not executing here after all: an earlier process's, for recovery
                    }
                } else if (!history.requestCancel(id)) {
                    return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
                }
            }
            default -> throw new RunFinishedException(id, run.status());
        }
        return history.find(id).orElseThrow(() -> new RunNotFoundException(id));
    }

    /** The end of a run that finished here before a cancel reached it, once recorded; null if not within the wait. */
    private RunRecord endOf(RunRecord run) {
        try {
            handles.watch(run).finished().get(END_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a retry followed it, its end was recorded before the watch began, or history is down: read it below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RunRecord now = history.find(run.id()).orElseThrow(() -> new RunNotFoundException(run.id()));
        return now.status().isTerminal() ? now : null;
    }
}
