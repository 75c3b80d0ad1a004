package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.history.RunRecord;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * A clean stop (SIGTERM), in the order Kubernetes needs it. At the signal, readiness goes DOWN (Quarkus), this node
 * stops starting runs (new ones are recorded QUEUED for other nodes; cron fires are left to them) and the HTTP server
 * keeps answering the requests it has. Runs executing here may finish within {@code ormtask.run.shutdown-grace}; a
 * client still waiting then is answered with its run's state (202 + Location while it goes on). After that the HTTP
 * server closes, the runs still executing are stopped (rolled back, CANCELLED) and the datasources close.
 */
@Singleton
class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);
    // Answer waiting clients this much before the HTTP server stops waiting for them, so no answer is cut off.
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(1);

    private final RunWorkers workers;
    private final RunExecution execution;
    private final RunConfig config;
    private final HeartbeatGate heartbeat;
    // Answers of clients waiting here, to complete early when the node stops; each leaves the set when it completes.
    // (A dependent on one shared never-completing future instead kept every answered request reachable: 800 bytes a
    // run, until the 128 MB heap spent its time in full collections.)
    private final Set<CompletableFuture<RunRecord>> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean released;
    private volatile long signalledAt;

    ShutdownDrain(RunWorkers workers, RunExecution execution, RunConfig config, HeartbeatGate heartbeat) {
        this.heartbeat = heartbeat;
        this.workers = workers;
        this.execution = execution;
        this.config = config;
    }

    /**
     * Completes {@code answer} with null when clients waiting on this node must be answered with what is known (the
     * node is stopping); forgets it as soon as it completes otherwise.
     */
    void answerEarlyOnStop(CompletableFuture<RunRecord> answer) {
        waiting.add(answer);
        answer.whenComplete((run, failure) -> waiting.remove(answer));
        if (released) {
            answer.complete(null); // released between the caller's start and the add above
        }
    }

    /** Whether this node has been told to stop: it starts no run from then on. */
    boolean stopping() {
        return signalledAt != 0;
    }

    /** Clients waiting here now (their answers not yet complete). */
    int waitingCount() {
        return waiting.size();
    }

    void releaseWaiters() {
        released = true;
        waiting.forEach(answer -> answer.complete(null));
    }

    /** SIGTERM: Quarkus has just set readiness DOWN and keeps serving while its shutdown delay and timeout run. */
    void onSignal(@Observes ShutdownDelayInitiatedEvent event) {
        begin();
    }

    private synchronized void begin() {
        if (signalledAt != 0) {
            return;
        }
        signalledAt = System.nanoTime();
        workers.drain();
        Duration answerAfter = answerWaitersAfter();
        LOG.infof("Stopping: no new runs start here; executing runs have %d s to finish; waiting clients are answered"
                + " within %d s", config.shutdownGrace().toSeconds(), answerAfter.toSeconds());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ormtask-shutdown"));
        timer.schedule(() -> {
            releaseWaiters();
            timer.shutdown();
        }, answerAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The grace, cut short where Quarkus' own wait for open requests ({@code quarkus.shutdown.timeout}) is shorter. */
    private Duration answerWaitersAfter() {
        Duration grace = config.shutdownGrace();
        Duration httpTimeout = ConfigProvider.getConfig().getOptionalValue("quarkus.shutdown.timeout", Duration.class)
                .orElse(grace.plus(ANSWER_MARGIN));
        Duration latest = httpTimeout.minus(ANSWER_MARGIN);
        return latest.isNegative() ? Duration.ZERO : grace.compareTo(latest) < 0 ? grace : latest;
    }

    /**
     * After the HTTP server has answered its requests, before the datasources close: the rest of the grace for runs
     * still executing, then they are stopped; a run that ignores its stop is recorded CANCELLED.
     */
    void onStop(@Observes ShutdownEvent event) {
        begin();
        releaseWaiters();
        try {
            long left = config.shutdownGrace().toNanos() - (System.nanoTime() - signalledAt);
            if (!workers.awaitIdle(Duration.ofNanos(Math.max(0, left)))) {
                workers.cancelAll("the node is shutting down");
                if (!workers.awaitIdle(Duration.ofSeconds(10))) {
                    workers.executingRuns().forEach(execution::recordCancelledAtShutdown);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heartbeat.close();
        }
    }
}
