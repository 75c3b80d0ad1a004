package dev.ormtask.run;

import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Any replica may execute a queued run: while this node has idle workers, it claims runs that busy nodes queued
 * ({@code SELECT … FOR UPDATE SKIP LOCKED}, then QUEUED → RUNNING here). Each pass also looks at the runs this node
 * queued itself: those claimed elsewhere are followed through history, so that clients waiting here get the outcome
 * without waiting for a worker here.
 */
@Singleton
class RunClaims {

    private static final Logger LOG = Logger.getLogger(RunClaims.class);

    private final RunHistory history;
    private final RunExecutor executor;
    private final RecordedRuns recorded;

    RunClaims(RunHistory history, RunExecutor executor, RecordedRuns recorded) {
        this.history = history;
        this.executor = executor;
        this.recorded = recorded;
    }

    @Scheduled(every = "${ormtask.run.claim-interval}", identity = "ormtask-claims",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void claim() {
        followRunsClaimedAway();
        int reserved = executor.reserveIdleWorkers();
        if (reserved == 0) {
            return; // every worker busy: no query
        }
        int started = 0;
        try {
            Instant now = executor.nowForHistory();
            List<RunRecord> claimed = history.claimQueuedOfOthers(executor.node(), recorded.executableTasks(), now,
                    reserved);
            for (RunRecord queued : claimed) {
                RunRecord run = queued.started(now, executor.node());
                RecordedRuns.Executable executable = recorded.resolve(run);
                if (executable.task() == null) {
                    cancelUnrunnable(run, executable.problem());
                    continue;
                }
                LOG.infof("Claimed run %s of %s queued by busy node %s", run.id(), run.taskName(), queued.node());
                executor.executeClaimed(executable.task(), executable.params(), run);
                started++;
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not claim queued runs, will retry: %s", e.getMessage());
        } finally {
            executor.releaseReserved(reserved - started);
        }
    }

    // One claimed run that cannot run must not keep the others of its batch from starting.
    private void cancelUnrunnable(RunRecord run, String problem) {
        try {
            history.finish(run.finished(RunStatus.CANCELLED, null, null, RunError.of("cancelled: " + problem),
                    executor.nowForHistory()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not record claimed run %s as cancelled (%s): %s", run.id(), problem, e.getMessage());
        }
    }

    /** Runs this node queued that another node claimed meanwhile: clients waiting here get their outcome from there. */
    private void followRunsClaimedAway() {
        List<RunHandle> queued = executor.queuedHere();
        if (queued.isEmpty()) {
            return;
        }
        try {
            Map<String, RunHandle> byId = new HashMap<>();
            queued.forEach(h -> byId.put(h.current().id(), h));
            for (RunRecord now : history.findAll(byId.keySet())) {
                if (now.status() != RunStatus.QUEUED || !now.node().equals(executor.node())) {
                    executor.movedAway(byId.get(now.id()));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not check this node's queued runs, will retry: %s", e.getMessage());
        }
    }
}
