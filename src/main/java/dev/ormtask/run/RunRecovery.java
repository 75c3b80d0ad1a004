package dev.ormtask.run;

import dev.ormtask.config.RepeatedWarning;
import dev.ormtask.history.HistoryWriter;
import dev.ormtask.history.RunEnd;
import dev.ormtask.history.NodeHeartbeats;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Nothing stuck: each node beats in {@code node_heartbeat}; the running runs of a node silent for
 * {@code ormtask.run.abandoned-after} are settled by a live one (queued runs need nothing: any node claims them).
 * Silence counts only while the observer itself could write: after an outage that cut every node off, nobody takes
 * the others for dead until they have had {@code abandoned-after} to beat again. A settled run is fenced in its task's
 * database first ({@link CommitMarkers}), so its verdict is exact and its node can no longer commit it.
 */
@Singleton
class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);
    private static final Duration MAX_NAMESAKE_WATCH = Duration.ofSeconds(10);
    // What the operator can rely on without markers: a dead connection's open transaction is rolled back by the
    // database; only a commit that happened in the instant before the outcome was recorded survives.
    private static final String PRESUMED_ROLLED_BACK =
            "; the database rolled back its transaction unless it had just committed";
    // With commit markers the rollback is known, not presumed, and the run can no longer commit.
    private static final String ROLLED_BACK = "; its transaction did not commit (no commit marker) and is fenced off";

    private final RunHistory history;
    private final NodeHeartbeats heartbeats;
    private final HistoryWriter writer;
    private final RunWorkers workers;
    private final TaskRegistry registry;
    private final CommitMarkers markers;
    private final NodeLiveness liveness;
    private final ResultEncoder encoder;
    private final RunConfig config;
    private final NodeIdentity node;
    private final HeartbeatGate gate;
    private final RunMetrics metrics;
    private final RepeatedWarning beatFailed = new RepeatedWarning(LOG);
    private final RepeatedWarning sweepFailed = new RepeatedWarning(LOG);
    // Since when this node's own heartbeats have been getting through without a failure; null while they fail.
    private volatile Instant writableSince;

    RunRecovery(RunHistory history, NodeHeartbeats heartbeats, HistoryWriter writer, RunWorkers workers,
            TaskRegistry registry, RunConfig config, NodeIdentity node, CommitMarkers markers, ResultEncoder encoder,
            NodeLiveness liveness, HeartbeatGate gate, RunMetrics metrics) {
        this.metrics = metrics;
        this.gate = gate;
        this.workers = workers;
        this.history = history;
        this.heartbeats = heartbeats;
        this.writer = writer;
        this.registry = registry;
        this.config = config;
        this.node = node;
        this.markers = markers;
        this.encoder = encoder;
        this.liveness = liveness;
    }

    /** A restarted node settles what its last life left running (queued runs are claimed like any others). */
    void onStart(@Observes StartupEvent event) {
        try {
            refuseALiveNamesake();
            beat(true);
            for (RunRecord run : history.runningOn(node.name())) {
                // Claims and starts may begin before this observer runs: a run this process has recorded RUNNING
                // is its own, not a leftover (settling it failed a queued run the restarted node had just claimed).
                boolean ours = workers.isExecuting(run.id())
                        || run.startedAt() != null && !run.startedAt().isBefore(node.processStarted());
                if (!ours) {
                    settle(run, "abandoned: node " + run.node() + " restarted before the run ended");
                }
            }
        } catch (ConfigurationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Could not settle this node's leftovers at startup; the heartbeat retries: %s", e.getMessage());
        } finally {
            gate.open();
        }
    }

    /**
     * Stops the start when a live process beats under this node's name: it would settle that process's running runs
     * as its own leftovers, and the two would keep each other's runs from ever being settled. A fresh beat of another
     * process is either this node's last life (killed a moment ago) or a live namesake, which beats again within an
     * interval; so this waits up to two intervals (at most 10 s) to tell. Runs before the HTTP server listens, so
     * nothing is started here meanwhile. A clean stop releases the name, so an ordinary restart does not wait.
     */
    private void refuseALiveNamesake() throws InterruptedException {
        Optional<NodeHeartbeats.Beat> first = heartbeats.last(node.name());
        Duration interval = config.heartbeatInterval();
        // Two beats of a live namesake, but never a long wait: a node whose last life could not free the name (history
        // down at its stop) would otherwise wait two intervals of a slow heartbeat before it starts.
        Duration watch = NodeLiveness.min(interval.multipliedBy(2), MAX_NAMESAKE_WATCH);
        if (first.isEmpty() || first.get().instance() == null || first.get().instance().equals(node.instance())
                || first.get().at().isBefore(node.now().minus(watch))) {
            return;
        }
        LOG.infof("Another process beat as node %s at %s; waiting up to %d s to see whether it is still alive",
                node.name(), first.get().at(), watch.toSeconds());
        long deadline = System.nanoTime() + watch.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(250, interval.toMillis()));
            Optional<NodeHeartbeats.Beat> now = heartbeats.last(node.name());
            if (now.isPresent() && now.get().instance() != null && now.get().at().isAfter(first.get().at())
                    && !now.get().instance().equals(node.instance())) {
                throw new ConfigurationException("ormtask.run.node: another live process runs as node '"
                        + node.name() + "' (it beat at " + now.get().at() + "). Give each replica its own name:"
                        + " ORMTASK_RUN_NODE, which defaults to the host name (HOSTNAME)");
            }
        }
    }

    /** At a clean stop, after the drain: the next process under this name need not wait for this one's beat to age. */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 850) ShutdownEvent event) {
        try {
            heartbeats.release(node.name(), node.instance());
        } catch (RuntimeException e) {
            LOG.debugf("Could not release the node name at the stop (the next start waits out its beat): %s",
                    e.getMessage());
        }
    }

    @Scheduled(every = "${ormtask.run.heartbeat-interval}", identity = "ormtask-heartbeat",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = HeartbeatGate.class)
    void beatAndSweep() {
        Instant now;
        try {
            now = beat(false);
        } catch (RuntimeException e) {
            writableSince = null;
            if (gate.closed()) {
                LOG.debugf("A last heartbeat failed while the node stopped: %s", e.getMessage());
            } else {
                beatFailed.warn("Heartbeat failed, will retry: " + e.getMessage());
            }
            return;
        }
        try {
            Instant silentSince = now.minus(config.abandonedAfter());
            if (writableSince.isAfter(silentSince)) {
                return; // this node itself could not write until recently: others' silence proves nothing yet
            }
            for (RunRecord run : history.runningOfSilentNodes(node.name(), silentSince)) {
                settle(run, "abandoned: node " + run.node() + " stopped");
            }
        } catch (RuntimeException e) {
            sweepFailed.warn("Recovery sweep failed, will retry: " + e.getMessage());
        }
    }

    /**
     * Writes this node's heartbeat; {@code takeOver} at the start, once no live namesake was seen. Later, a process
     * that took the name over (this one was frozen past abandoned-after, so it looked dead) keeps it: this one stops
     * beating, and so stops committing (NodeLiveness).
     */
    private Instant beat(boolean takeOver) {
        Instant now = node.now();
        Instant takeOverBefore = takeOver ? null : now.minus(config.abandonedAfter());
        if (!heartbeats.beat(node.name(), node.instance(), now, takeOverBefore)) {
            throw new IllegalStateException("another process beats as node " + node.name() + " now; this one no longer"
                    + " commits runs (give each replica its own ormtask.run.node)");
        }
        liveness.beat(now);
        if (writableSince == null) {
            writableSince = now;
        }
        writer.historyAnswered();
        return now;
    }

    /**
     * Records the end of a run whose node died. With commit markers it is fenced first and then SUCCEEDED or FAILED
     * for certain; without them it is FAILED, its transaction presumed rolled back. A failed run whose task's retry
     * policy allows another attempt is queued again in the same transaction (without markers the task opted into
     * at-least-once: the abandoned attempt may have committed before its node died).
     */
    private void settle(RunRecord run, String why) {
        Optional<RegisteredTask> known = registry.find(run.taskName());
        String reason = why + PRESUMED_ROLLED_BACK;
        if (markers.enabled() && known.isPresent() && !run.dryRun()) {
            switch (markers.fence(known.get().datasource(), run.id())) {
                case UNKNOWN -> {
                    return; // the task's database cannot tell now: settle at a later sweep, not by guessing
                }
                case COMMITTED -> {
                    String settled = why + "; its transaction had committed, its result was not recorded";
                    RunRecord done = run.finished(RunStatus.SUCCEEDED, encoder.json(Map.of("settled", settled)), null,
                            null, node.now());
                    if (history.settle(new RunEnd(done, holdsTask(known.get()), null, null))) {
                        metrics.settled(done);
                        LOG.warnf("Run %s of %s SUCCEEDED: %s", run.id(), run.taskName(), settled);
                    }
                    return;
                }
                case NEVER_COMMITS -> reason = why + ROLLED_BACK;
            }
        }
        Instant at = node.now();
        RunRecord failed = run.finished(RunStatus.FAILED, null, null, RunError.of(reason), at);
        RunRecord next = known.isPresent() && !run.dryRun() && known.get().retry().allowsAnotherAfter(run.attempt())
                ? failed.retry(RunIds.next(node.clock()), at, node.name())
                : null;
        if (!history.settle(new RunEnd(failed, known.isPresent() && holdsTask(known.get()), next, null))) {
            return; // its node recorded it after all, or another node settled it first
        }
        metrics.settled(failed);
        LOG.warnf("Run %s of %s FAILED: %s", run.id(), run.taskName(), reason);
        if (next != null) {
            LOG.infof("Run %s of %s will be tried again as run %s (attempt %d)", run.id(), run.taskName(), next.id(),
                    next.attempt());
            workers.queuedWorkExists();
        }
    }

    private static boolean holdsTask(RegisteredTask task) {
        return task.concurrency() != ConcurrencyPolicy.ALLOW;
    }
}
