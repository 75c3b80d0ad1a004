package dev.ormtask.run;

import dev.ormtask.history.NodeHeartbeats;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Nothing stuck: each node beats in {@code node_heartbeat}; the runs of a node silent for
 * {@code ormtask.run.abandoned-after} are settled by a live one. A running run is failed ("abandoned: node X
 * stopped") and never run again, so that no task runs twice; a queued run is taken over and executed. A restarting
 * node settles its own leftovers the same way at startup.
 */
@Singleton
class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);
    // What the operator can rely on: a dead connection's open transaction is rolled back by the database; only a
    // commit that happened in the instant before the outcome was recorded survives.
    private static final String PRESUMED_ROLLED_BACK =
            "; the database rolled back its transaction unless it had just committed";
    // With commit markers the rollback is known, not presumed.
    private static final String ROLLED_BACK = "; its transaction did not commit (no commit marker)";

    private final RunHistory history;
    private final NodeHeartbeats heartbeats;
    private final RunExecutor executor;
    private final TaskRegistry registry;
    private final RecordedRuns recorded;
    private final CommitMarkers markers;
    private final NodeLiveness liveness;
    private final ResultEncoder encoder;
    private final RunConfig config;
    private final Clock clock;

    RunRecovery(RunHistory history, NodeHeartbeats heartbeats, RunExecutor executor, TaskRegistry registry,
            RecordedRuns recorded, RunConfig config, Clock clock, CommitMarkers markers, ResultEncoder encoder,
            NodeLiveness liveness) {
        this.liveness = liveness;
        this.markers = markers;
        this.encoder = encoder;
        this.history = history;
        this.heartbeats = heartbeats;
        this.executor = executor;
        this.registry = registry;
        this.recorded = recorded;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        Instant now = clock.instant();
        heartbeats.beat(executor.node(), now);
        liveness.beat(now);
        for (RunRecord run : history.unfinishedOf(executor.node())) {
            if (run.status() == RunStatus.RUNNING) {
                settle(run, "abandoned: node " + run.node() + " restarted before the run ended");
            }
        }
        resubmitOwnQueued();
    }

    @Scheduled(every = "${ormtask.run.heartbeat-interval}", identity = "ormtask-heartbeat",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beatAndSweep() {
        try {
            Instant now = clock.instant();
            heartbeats.beat(executor.node(), now);
            liveness.beat(now);
            executor.recordUnrecorded();
            for (RunRecord run : history.abandoned(executor.node(), now.minus(config.abandonedAfter()))) {
                if (run.status() == RunStatus.RUNNING) {
                    settle(run, "abandoned: node " + run.node() + " stopped");
                } else if (history.claimQueued(run, executor.node())) {
                    LOG.infof("Took over queued run %s of %s from silent node %s", run.id(), run.taskName(), run.node());
                }
            }
            resubmitOwnQueued();
        } catch (RuntimeException e) {
            LOG.warnf("Heartbeat or recovery sweep failed, will retry: %s", e.getMessage());
        }
    }

    /**
     * Records the end of a run whose node died. Without commit markers it is failed, its transaction presumed rolled
     * back; with them it is SUCCEEDED or FAILED for certain. A failed run whose task's retry policy allows another
     * attempt is queued again here (without markers the task opted into at-least-once: the abandoned attempt may have
     * committed before its node died).
     */
    private void settle(RunRecord run, String why) {
        Instant at = executor.nowForHistory();
        Optional<RegisteredTask> known = registry.find(run.taskName());
        String reason = why + PRESUMED_ROLLED_BACK;
        if (markers.enabled() && known.isPresent() && !run.dryRun()) {
            Optional<Boolean> committed = markers.committed(known.get().datasource(), run.id());
            if (committed.isEmpty()) {
                return; // the task's database cannot tell now: settle at a later sweep, not by guessing
            }
            if (committed.get()) {
                String settled = why + "; its transaction had committed, its result was not recorded";
                if (history.settleAbandoned(run, RunStatus.SUCCEEDED, encoder.json(Map.of("settled", settled)), null,
                        at)) {
                    LOG.warnf("Run %s of %s SUCCEEDED: %s", run.id(), run.taskName(), settled);
                }
                return;
            }
            reason = why + ROLLED_BACK;
        }
        if (!history.settleAbandoned(run, RunStatus.FAILED, null, reason, at)) {
            return;
        }
        LOG.warnf("Run %s of %s FAILED: %s", run.id(), run.taskName(), reason);
        if (known.isPresent() && !run.dryRun() && known.get().retry().allowsAnotherAfter(run.attempt())) {
            RunRecord failed = run.finished(RunStatus.FAILED, null, null, RunError.of(reason), at);
            RunRecord next = failed.retry(RunIds.next(clock), at, executor.node());
            history.insert(next); // queued here; resubmitOwnQueued below dispatches it
            LOG.infof("Run %s of %s will be tried again as run %s (attempt %d)", run.id(), run.taskName(), next.id(),
                    next.attempt());
        }
    }

    /** Queued runs recorded for this node that no worker here knows of (taken over, or left by a restart). */
    private void resubmitOwnQueued() {
        for (RunRecord run : history.unfinishedOf(executor.node())) {
            if (run.status() != RunStatus.QUEUED || executor.knows(run.id())) {
                continue;
            }
            RecordedRuns.Executable executable = recorded.resolve(run);
            if (executable.task() == null) {
                history.cancelQueued(run.id(), "cancelled: " + executable.problem(), executor.nowForHistory());
                continue;
            }
            if (!executor.resubmit(executable.task(), executable.params(), run)) {
                return; // full: the next sweep tries again
            }
        }
    }
}
