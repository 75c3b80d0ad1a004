package dev.ormtask.run;

import dev.ormtask.config.Futures;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * Admits a validated run: RUNNING here at once when a worker is free (no claim round trip), else QUEUED in history
 * for the first idle worker of any node, within {@code ormtask.run.max-queued}. Either way the row is committed
 * (group commit) before anyone is answered, so a 202 is durable.
 */
@Singleton
class RunAdmission {

    private final RunWorkers workers;
    private final RunHistory history;
    private final RunHandles handles;
    private final BacklogLimit backlog;
    private final NodeIdentity node;

    RunAdmission(RunWorkers workers, RunHistory history, RunHandles handles, BacklogLimit backlog, NodeIdentity node) {
        this.workers = workers;
        this.history = history;
        this.handles = handles;
        this.backlog = backlog;
        this.node = node;
    }

    /**
     * Records the run and starts or queues it. With {@code watch}, the returned handle completes when the run ends;
     * without, it only carries the record as admitted. A cron fire that another replica recorded first ends here with
     * {@code DuplicateFireException}, a key taken meanwhile with {@code DuplicateRequestException}. With
     * {@code keyFrom}, the run takes over that run's Idempotency-Key in the commit that records it.
     */
    RunHandle admit(RegisteredTask task, TaskParameters params, RunRecord queued, String keyFrom, boolean watch) {
        return Futures.join(admitLater(task, params, queued, keyFrom, watch));
    }

    /**
     * {@link #admit} without holding the caller's thread: the worker is reserved (or the queue limit checked) at once,
     * and the future completes with the handle once the row is committed. A full queue throws at once.
     */
    CompletableFuture<RunHandle> admitLater(RegisteredTask task, TaskParameters params, RunRecord queued, String keyFrom,
            boolean watch) {
        boolean here = workers.tryReserve();
        if (!here) {
            backlog.admitQueued();
        }
        RunRecord run = here ? queued.started(queued.queuedAt(), node.name()) : queued;
        if (here) {
            workers.expect(run);
        }
        // Watched before it is recorded: a run that ends before the caller looks must still complete its handle.
        RunHandle handle = watch ? handles.watch(run) : new RunHandle(run);
        CompletableFuture<Void> insert = keyFrom == null ? history.insertLater(run)
                : history.insertLaterTakingKey(run, keyFrom);
        return insert.handle((recorded, failure) -> {
            if (failure != null) {
                if (here) {
                    workers.unreserve(run);
                } else {
                    backlog.notQueued();
                }
                handle.lost(Futures.cause(failure));
                throw Futures.unchecked(failure);
            }
            if (here) {
                workers.start(task, params, run);
            } else {
                workers.queuedWorkExists();
            }
            return handle;
        });
    }
}
