package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.history.HistoryWriter;
import dev.ormtask.history.RunRecord;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * This node's workers. A run holds one of {@code ormtask.run.workers} permits from the moment a worker is promised to
 * it (admission with a free worker, or a claim) to its end. The queue is the database: when a permit is free and
 * queued runs may exist, the history writer claims the oldest ones in its next batch ({@link HistoryWriter.Claimer}).
 */
@Startup
@Singleton
class RunWorkers implements HistoryWriter.Claimer {

    private static final Logger LOG = Logger.getLogger(RunWorkers.class);

    private final RunConfig config;
    private final NodeIdentity node;
    private final RunExecution execution;
    private final RecordedRuns recorded;
    private final HistoryWriter writer;
    private final BacklogLimit backlog;
    private final Semaphore permits;
    private final ThreadPoolExecutor pool;
    private final Map<String, Executing> executing = new ConcurrentHashMap<>();
    // Set when queued runs may be waiting (one was recorded, a claim came back full, a tick or a retry's backoff
    // ended); cleared when a claim finds fewer than it could take. Freed workers claim only while it is set.
    private final AtomicBoolean mayHaveQueued = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ormtask-retry-timer"));
    private volatile boolean draining;

    RunWorkers(RunConfig config, NodeIdentity node, RunExecution execution, RecordedRuns recorded,
            HistoryWriter writer, BacklogLimit backlog, RunMetrics metrics) {
        this.config = config;
        this.node = node;
        this.execution = execution;
        this.recorded = recorded;
        this.writer = writer;
        this.backlog = backlog;
        this.permits = new Semaphore(config.workers());
        // Never more jobs than permits reach this queue, so it never grows beyond the number of workers.
        this.pool = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.numbered("ormtask-run"));
        pool.prestartAllCoreThreads();
        writer.claimFor(this);
        metrics.watchActive(this, RunWorkers::executingCount);
    }

    /** Promises a worker to a run about to be recorded RUNNING here; false when none is free or the node drains. */
    boolean tryReserve() {
        return !draining && permits.tryAcquire();
    }

    /** Gives back a worker promised to a run that was not recorded after all. */
    void unreserve(RunRecord run) {
        executing.remove(run.id());
        permits.release();
    }

    /**
     * Counts a run that a reserved worker is about to execute as executing here from before it is recorded: a cancel
     * that finds it recorded RUNNING stops it here at once, instead of flagging it in history for a later poll, which
     * let a replaced run execute its task before the flag was read.
     */
    void expect(RunRecord run) {
        executing.put(run.id(), new Executing(run, new RunControl()));
    }

    /** A run executing here, and how to stop it. */
    record Executing(RunRecord run, RunControl control) {}

    /** Starts a run recorded RUNNING on this node on the worker reserved for it. */
    void start(RegisteredTask task, TaskParameters params, RunRecord run) {
        RunControl control = executing.computeIfAbsent(run.id(), id -> new Executing(run, new RunControl())).control();
        pool.execute(() -> {
            Duration retryIn = null;
            try {
                retryIn = execution.execute(task, params, run, control);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Run %s of %s: the worker failed unexpectedly", run.id(), run.taskName());
            } finally {
                executing.remove(run.id());
                permits.release();
                if (retryIn != null) {
                    queuedWorkAfter(retryIn);
                }
                if (mayHaveQueued.get()) {
                    wantClaims();
                }
            }
        });
    }

    /** A run was queued (here or, for a tick, possibly by another node): idle workers should try to claim. */
    void queuedWorkExists() {
        mayHaveQueued.set(true);
        wantClaims();
    }

    private void queuedWorkAfter(Duration delay) {
        try {
            timer.schedule(this::queuedWorkExists, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.debugf("Node stopping: the retry is left queued for another node");
        }
    }

    private void wantClaims() {
        if (!draining && permits.availablePermits() > 0) {
            writer.wantClaims();
        }
    }

    @Override
    public int reserve() {
        if (draining) {
            return 0;
        }
        return permits.drainPermits();
    }

    @Override
    public void release(int count) {
        if (count > 0) {
            permits.release(count);
        }
    }

    @Override
    public void claimed(List<RunRecord> runs, int reserved) {
        // Fewer than asked for: nothing else is claimable now. As many: more may wait.
        mayHaveQueued.set(runs.size() == reserved);
        backlog.left(runs.size());
        for (RunRecord run : runs) {
            RecordedRuns.Executable executable = recorded.resolve(run);
            if (executable.task() == null) {
                execution.cancelUnrunnable(run, executable.problem());
                permits.release();
                continue;
            }
            start(executable.task(), executable.params(), run);
        }
        if (mayHaveQueued.get()) {
            wantClaims();
        }
    }

    @Override
    public String node() {
        return node.name();
    }

    @Override
    public Collection<String> tasks() {
        return recorded.executableTasks();
    }

    @Override
    public Instant now() {
        return node.now();
    }

    /** Stops a run executing on this node; false when it is not executing here (or already finished). */
    boolean cancelLocal(String runId, String reason) {
        Executing run = executing.get(runId);
        return run != null && run.control().stop(RunControl.Stop.CANCEL, reason);
    }

    boolean isExecuting(String runId) {
        return executing.containsKey(runId);
    }

    boolean hasExecuting() {
        return !executing.isEmpty();
    }

    double executingCount() {
        return executing.size();
    }

    /** From now on this node starts nothing new: no claims, and new runs are recorded QUEUED for other nodes. */
    void drain() {
        draining = true;
        timer.shutdownNow();
    }

    boolean draining() {
        return draining;
    }

    /** Waits up to {@code timeout} for the executing runs to end; true when they all did. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!executing.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
        return true;
    }

    /** Stops every run still executing here (rolled back, CANCELLED). */
    void cancelAll(String reason) {
        executing.keySet().forEach(id -> cancelLocal(id, reason));
    }

    /** Runs still executing here. */
    Collection<RunRecord> executingRuns() {
        return executing.values().stream().map(Executing::run).toList();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }
}
