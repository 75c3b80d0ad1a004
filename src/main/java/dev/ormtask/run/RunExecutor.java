package dev.ormtask.run;

import dev.ormtask.history.HistoryUnavailableException;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunIds;
import dev.ormtask.history.RunNotFoundException;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.history.TaskStates;
import dev.ormtask.task.ConcurrencyPolicy;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.TaskRegistry;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
    private static final Duration REMOTE_POLL = Duration.ofMillis(250);
    // How long a failed remote run is watched for a retry before its failure counts as the end (polls).
    private static final int NEXT_ATTEMPT_POLLS = 8;

    private final RunHistory history;
    private final TaskInvoker invoker;
    private final Clock clock;
    private final RunConfig config;
    private final String node;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Map<String, RunControl> executing = new ConcurrentHashMap<>();
    private final Map<String, RunHandle> accepted = new ConcurrentHashMap<>();
    private final Map<String, RunHandle> followed = new ConcurrentHashMap<>();
    private final Queue<RunRecord> unrecorded = new ConcurrentLinkedQueue<>();
    private final ThreadPoolExecutor pool;
    // Backoffs of retries, and polls of runs that this node accepted but another one executes.
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ormtask-run-timer");
        t.setDaemon(true);
        return t;
    });

    private final TaskStates states;
    private final RunMetrics metrics;
    private final TaskRegistry registry;

    RunExecutor(RunHistory history, TaskInvoker invoker, Clock clock, RunConfig config, TaskStates states,
            RunMetrics metrics, TaskRegistry registry) {
        this.registry = registry;
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

    /**
     * Reserves this node's idle workers for runs it is about to claim from other nodes: the number reserved, 0 when
     * every worker is busy or the node is stopping. Claimed runs never wait in this node's queue, so a busy node does
     * not take work it would only queue.
     */
    int reserveIdleWorkers() {
        int reserved = 0;
        while (!pool.isShutdown()) {
            int now = admitted.get();
            if (now >= config.workers()) {
                break;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                reserved++;
            }
        }
        return reserved;
    }

    /** Gives back reserved workers that no claimed run took. */
    void releaseReserved(int count) {
        admitted.addAndGet(-count);
    }

    /** Hands a run claimed as RUNNING on this node to a worker reserved for it. */
    void executeClaimed(RegisteredTask task, TaskParameters params, RunRecord claimed) {
        RunHandle handle = new RunHandle(claimed);
        accepted.put(claimed.id(), handle);
        try {
            pool.execute(() -> work(task, params, handle));
        } catch (RejectedExecutionException e) {
            // the node began to stop since the reservation: hand the run back to the other nodes
            accepted.remove(claimed.id());
            admitted.decrementAndGet();
            history.unclaim(claimed);
        }
    }

    private boolean dispatch(RegisteredTask task, TaskParameters params, RunHandle handle) {
        if (admit() == 0) {
            accepted.remove(handle.accepted().id()); // still QUEUED in history: the recovery sweep brings it back
            return false;
        }
        accepted.put(handle.accepted().id(), handle);
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
        Duration delay = task.retry().delayAfter(failed.attempt());
        accepted.put(next.id(), nextHandle); // known here, so the recovery sweep leaves it to the timer
        history.insert(next, next.queuedAt().plus(delay)); // no replica claims it before its backoff is over
        handle.follow(nextHandle);
        LOG.infof("Run %s of %s failed transiently; attempt %d follows in %d ms as run %s", failed.id(),
                failed.taskName(), next.attempt(), delay.toMillis(), next.id());
        timer.schedule(() -> dispatch(task, params, nextHandle), delay.toMillis(), TimeUnit.MILLISECONDS);
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
                request.idempotencyKey(), 1, null, request.rerunOf());
    }

    private void work(RegisteredTask task, TaskParameters params, RunHandle handle) {
        // Not handle.current(): a run claimed away is followed, and its handle then shows the other node's state.
        RunRecord run = handle.accepted();
        MDC.put("runId", run.id());
        MDC.put("task", run.taskName());
        RunControl control = new RunControl(Thread.currentThread());
        executing.put(run.id(), control);
        boolean elsewhere = false;
        try {
            if (run.status() == RunStatus.QUEUED && pool.isShutdown()) {
                // Draining: a run that has not started is not started now, only to be cancelled at the end of the
                // grace. It stays QUEUED for another node to claim, or for this node's next start.
                elsewhere = true;
                LOG.infof("Node stopping: run %s of %s stays queued for another node or this node's next start",
                        run.id(), run.taskName());
                return;
            }
            if (run.status() == RunStatus.QUEUED) {
                run = run.started(now(), node);
                if (!history.markRunning(run)) {
                    // cancelled while it waited in the queue, or claimed by another node with a free worker
                    RunRecord now = history.find(run.id()).orElseThrow();
                    elsewhere = !now.status().isTerminal();
                    LOG.infof("Run %s is no longer queued here (%s on node %s); not starting it", run.id(),
                            now.status(), now.node());
                    if (handle.startFollowing()) {
                        followRemote(task, handle, 0, Duration.ZERO);
                    }
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
                if (!history.finish(done)) {
                    // Settled meanwhile, typically by a node that took this one for dead (no heartbeat for
                    // ormtask.run.abandoned-after): that record stands, and an operator should know the two disagree.
                    LOG.errorf("Run %s of %s ended %s here, but history had already recorded it: %s",
                            done.id(), done.taskName(), done.status(),
                            history.find(done.id()).map(r -> r.status() + " by " + r.node()).orElse("deleted"));
                }
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
            if (task.concurrency() != ConcurrencyPolicy.ALLOW && !elsewhere) {
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

    /** Runs this node queued that no worker here has reached yet. */
    List<RunHandle> queuedHere() {
        return accepted.values().stream()
                .filter(h -> h.current().status() == RunStatus.QUEUED && !executing.containsKey(h.current().id()))
                .toList();
    }

    /**
     * A run this node queued is no longer queued here (another node claimed it, or it was cancelled): its waiting
     * clients follow it through history from now on, without waiting for a worker here to reach it.
     */
    void movedAway(RunHandle handle) {
        if (handle.startFollowing()) {
            registry.find(handle.current().taskName())
                    .ifPresent(task -> followRemote(task, handle, 0, Duration.ZERO));
        }
    }

    /** The live handle of a run this node accepted, else a handle on the record as it is (complete if terminal). */
    RunHandle handleOf(RunRecord run) {
        RunHandle live = accepted.get(run.id());
        if (live != null) {
            return live;
        }
        Optional<RegisteredTask> task = run.status().isTerminal() ? Optional.empty() : registry.find(run.taskName());
        if (task.isEmpty()) { // finished, or another version's task: what history says now is all this node can tell
            RunHandle recorded = new RunHandle(run);
            recorded.moved(run); // completes it when the run has finished
            return recorded;
        }
        // One follower per run, however many clients repeat their Idempotency-Key while it runs elsewhere.
        return followed.computeIfAbsent(run.id(), id -> {
            RunHandle recorded = new RunHandle(run);
            recorded.finished().whenComplete((done, failure) -> followed.remove(id));
            followRemote(task.get(), recorded, 0, REMOTE_POLL);
            return recorded;
        });
    }

    /**
     * Keeps the handle of a run that another node executes up to date by reading history until the run ends, so
     * that a client waiting here gets its outcome. A transient failure there is followed into its next attempt,
     * which that node records right after the failure.
     */
    private void followRemote(RegisteredTask task, RunHandle handle, int pollsWithoutNextAttempt, Duration delay) {
        try {
            timer.schedule(() -> pollRemote(task, handle, pollsWithoutNextAttempt), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debugf("Node stopping: no longer following run %s", handle.current().id());
        }
    }

    private void pollRemote(RegisteredTask task, RunHandle handle, int pollsWithoutNextAttempt) {
        int misses = pollsWithoutNextAttempt;
        try {
            Optional<RunRecord> found = history.find(handle.current().id());
            if (found.isEmpty()) { // deleted by hand: nothing left to follow
                handle.lost(new RunNotFoundException(handle.current().id()));
                return;
            }
            RunRecord run = found.get();
            if (run.status() == RunStatus.FAILED && !run.dryRun()
                    && task.retry().allowsAnotherAfter(run.attempt())) {
                Optional<RunRecord> next = history.nextAttempt(run);
                if (next.isPresent()) {
                    RunHandle nextHandle = new RunHandle(next.get());
                    handle.follow(nextHandle);
                    followRemote(task, nextHandle, 0, Duration.ZERO);
                    return;
                }
                if (++misses < NEXT_ATTEMPT_POLLS) {
                    followRemote(task, handle, misses, REMOTE_POLL); // not retryable, or not recorded yet
                    return;
                }
            }
            handle.moved(run);
            if (run.status().isTerminal()) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.debugf("Could not read run %s, reading again: %s", handle.current().id(), e.getMessage());
        }
        followRemote(task, handle, misses, REMOTE_POLL);
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
        timer.shutdownNow(); // pending retries stay QUEUED in history for another node
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
