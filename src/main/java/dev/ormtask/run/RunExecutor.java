package dev.ormtask.run;

import dev.ormtask.history.HistoryUnavailableException;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.history.TaskStates;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The bounded worker pool. Admission counts every run from acceptance to its end: at most {@code workers} run and
 * at most {@code queue-capacity} wait; one more is refused. A run admitted while a worker is free is recorded as
 * RUNNING straight away, which saves a history write on the common path.
 */
@Startup
@Singleton
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final RunHistory history;
    private final TaskInvoker invoker;
    private final Clock clock;
    private final RunConfig config;
    private final String node;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Map<String, RunControl> executing = new ConcurrentHashMap<>();
    private final Map<String, RunHandle> accepted = new ConcurrentHashMap<>();
    private final Queue<RunRecord> unrecorded = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ormtask-retries");
        t.setDaemon(true);
        return t;
    });

    private final TaskStates states;
    private final RunMetrics metrics;

    RunExecutor(RunHistory history, TaskInvoker invoker, Clock clock, RunConfig config, TaskStates states,
            RunMetrics metrics) {
        this.history = history;
        this.states = states;
        this.metrics = metrics;
        this.invoker = invoker;
        this.clock = clock;
        this.config = config;
        this.node = config.node().orElseGet(RunExecutor::hostName);
        AtomicInteger threadNumber = new AtomicInteger();
        // The executor's queue is sized beyond the admission limit: a worker that has counted its run out may not
        // have taken the next one yet, and the executor must never be the one to refuse.
        this.pool = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity() + config.workers()), r -> {
                    Thread t = new Thread(r, "ormtask-run-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
        metrics.watch(this);
    }

    /** Runs executing on this node now. */
    double executingCount() {
        return executing.size();
    }

    /** Runs accepted by this node and waiting for a worker. */
    double queuedCount() {
        return pool.getQueue().size();
    }

    public String node() {
        return node;
    }

    /** Counts a run in: its place among the runs on this node (1-based), or 0 when the node is full or stopping. */
    private int admit() {
        int position = admitted.incrementAndGet();
        if (position > config.workers() + config.queueCapacity() || pool.isShutdown()) {
            admitted.decrementAndGet();
            return 0;
        }
        return position;
    }

    /**
     * Records the run (RUNNING or QUEUED) and hands it to a worker; refuses when the node is full. A cron fire that
     * another replica recorded first ends here with {@code DuplicateFireException}.
     */
    RunHandle submit(RegisteredTask task, TaskParameters params, RunRecord request) {
        int position = admit();
        if (position == 0) {
            throw new CapacityExceededException(config.workers(), config.queueCapacity(), config.retryAfter());
        }
        try {
            RunRecord accepted = position <= config.workers() ? request.started(request.queuedAt(), node) : request;
            RunHandle handle = new RunHandle(accepted);
            // Known here before it is recorded: the recovery sweep must never take its own queued run for a leftover.
            this.accepted.put(accepted.id(), handle);
            try {
                history.insert(accepted);
            } catch (RuntimeException e) {
                this.accepted.remove(accepted.id());
                throw e;
            }
            pool.execute(() -> work(task, params, handle));
            return handle;
        } catch (RuntimeException e) {
            admitted.decrementAndGet();
            throw e;
        }
    }

    /**
     * Hands a QUEUED run that is already recorded (taken over from a dead node, or left from this node's last life)
     * to a worker; false when this node is full, and it stays queued for a later sweep.
     */
    boolean resubmit(RegisteredTask task, TaskParameters params, RunRecord queued) {
        return dispatch(task, params, new RunHandle(queued));
    }

    private boolean dispatch(RegisteredTask task, TaskParameters params, RunHandle handle) {
        if (admit() == 0) {
            accepted.remove(handle.current().id()); // still QUEUED in history: the recovery sweep brings it back
            return false;
        }
        accepted.put(handle.current().id(), handle);
        pool.execute(() -> work(task, params, handle));
        return true;
    }

    /**
     * Records the next attempt of a run that failed transiently (QUEUED now, so that a crash during the backoff
     * loses nothing) and dispatches it after the task's backoff.
     */
    private void retryLater(RegisteredTask task, TaskParameters params, RunRecord failed, RunHandle handle) {
        RunRecord next = failed.retry(RunIds.next(clock), now(), node);
        RunHandle nextHandle = new RunHandle(next);
        accepted.put(next.id(), nextHandle); // known here, so the recovery sweep leaves it to the timer
        history.insert(next);
        handle.follow(nextHandle);
        Duration delay = task.retry().delayAfter(failed.attempt());
        LOG.infof("Run %s of %s failed transiently; attempt %d follows in %d ms as run %s", failed.id(),
                failed.taskName(), next.attempt(), delay.toMillis(), next.id());
        retryTimer.schedule(() -> dispatch(task, params, nextHandle), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The current time as history stores it. */
    Instant nowForHistory() {
        return now();
    }

    /** A new run record for a request, before admission. */
    RunRecord newRun(RunRequest request, String paramsJson) {
        Instant now = now();
        return new RunRecord(RunIds.next(clock), request.task(), RunStatus.QUEUED, request.trigger(), paramsJson,
                request.dryRun(), null, null, null, now, null, null, node, request.requestedBy(), request.scheduledAt(),
                request.idempotencyKey(), 1, null);
    }

    private void work(RegisteredTask task, TaskParameters params, RunHandle handle) {
        RunRecord run = handle.current();
        MDC.put("runId", run.id());
        MDC.put("task", run.taskName());
        RunControl control = new RunControl(Thread.currentThread());
        executing.put(run.id(), control);
        try {
            if (run.status() == RunStatus.QUEUED) {
                run = run.started(now(), node);
                if (!history.markRunning(run)) {
                    // cancelled while it waited in the queue
                    LOG.infof("Run %s was no longer queued; not starting it", run.id());
                    handle.moved(history.find(run.id()).filter(r -> r.status().isTerminal()).orElseThrow());
                    return;
                }
                handle.moved(run);
            }
            LOG.infof("Run %s of %s started (trigger %s%s)", run.id(), run.taskName(), run.trigger(),
                    run.dryRun() ? ", dry run" : "");
            metrics.started(run);
            RunOutcome outcome = invoker.invoke(task, run, params, control);
            RunRecord done = run.finished(outcome.status(), outcome.resultJson(), outcome.changesJson(),
                    outcome.error(), now());
            try {
                history.finish(done);
            } catch (HistoryUnavailableException e) {
                // The history store is down (a restart, a failover): keep the outcome and record it once it is back.
                unrecorded.add(done);
                LOG.warnf("Run %s of %s ended %s but history is unavailable; recording it later", done.id(),
                        done.taskName(), done.status());
                handle.moved(done);
                return;
            }
            metrics.finished(done);
            LOG.infof("Run %s of %s %s in %d ms (trigger %s)", done.id(), done.taskName(), done.status(),
                    done.durationMs(), done.trigger());
            if (outcome.retryable() && !done.dryRun() && task.retry().allowsAnotherAfter(done.attempt())) {
                retryLater(task, params, done, handle);
            } else {
                handle.moved(done);
            }
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "Run %s of %s could not be recorded", run.id(), run.taskName());
            handle.lost(e);
        } finally {
            executing.remove(run.id());
            accepted.remove(run.id());
            if (task.concurrency() != ConcurrencyPolicy.ALLOW) {
                releaseQuietly(task, run.id());
            }
            admitted.decrementAndGet();
            MDC.remove("runId");
            MDC.remove("task");
        }
    }

    private void releaseQuietly(RegisteredTask task, String runId) {
        try {
            states.release(task.name(), runId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not release %s from run %s: %s", task.name(), runId, e.getMessage());
        }
    }

    /** Stops a run executing on this node; false when it is not executing here (or already finished). */
    boolean cancelLocal(String runId, String reason) {
        RunControl control = executing.get(runId);
        return control != null && control.stop(RunControl.Stop.CANCEL, reason);
    }

    /** The live handle of a run this node accepted, else a handle on the record as it is (complete if terminal). */
    RunHandle handleOf(RunRecord run) {
        RunHandle live = accepted.get(run.id());
        if (live != null) {
            return live;
        }
        RunHandle recorded = new RunHandle(run);
        recorded.moved(run);
        return recorded;
    }

    /** Records outcomes that could not be written while the history store was down; called by the heartbeat. */
    void recordUnrecorded() {
        for (RunRecord done = unrecorded.peek(); done != null; done = unrecorded.peek()) {
            history.finish(done); // throws while history is still down: the rest waits for the next beat
            unrecorded.remove(done);
            metrics.finished(done);
            LOG.infof("Run %s of %s recorded as %s after history came back", done.id(), done.taskName(), done.status());
        }
    }

    /** Whether this node has the run in its queue or executing. */
    boolean knows(String runId) {
        return accepted.containsKey(runId);
    }

    /** Whether any run executes on this node now. */
    boolean hasExecuting() {
        return !executing.isEmpty();
    }

    // History keeps microseconds on every database; a record must read back exactly as it was answered.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * On SIGTERM, before Quarkus closes the datasources: take no more runs and let the executing ones finish within
     * {@code ormtask.run.shutdown-grace}; what is still running after that is stopped (rolled back, CANCELLED).
     */
    void drain(@Observes ShutdownEvent event) {
        retryTimer.shutdownNow(); // pending retries stay QUEUED in history for another node
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                executing.keySet().forEach(id -> cancelLocal(id, "the node is shutting down"));
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    recordAbandonedAtShutdown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs that ignored the stop: their transactions die with this process (never committed), so record them as
     * cancelled now rather than leave them RUNNING for a later sweep.
     */
    private void recordAbandonedAtShutdown() {
        for (String id : executing.keySet()) {
            RunHandle handle = accepted.get(id);
            if (handle == null) {
                continue;
            }
            try {
                history.finish(handle.current().finished(RunStatus.CANCELLED, null, null,
                        RunError.of("cancelled: the node shut down before the run ended; its transaction was rolled back"),
                        now()));
            } catch (RuntimeException e) {
                LOG.warnf("Could not record run %s at shutdown: %s", id, e.getMessage());
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
