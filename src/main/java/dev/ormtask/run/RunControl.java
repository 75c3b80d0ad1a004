package dev.ormtask.run;

import jakarta.transaction.Transaction;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Stops one executing run from another thread, for its deadline or a cancel request. The race between the task
 * finishing and a stop is decided by one compare-and-set: whoever wins acts. A stop marks the transaction
 * rollback-only, cancels the running statement on the server and interrupts the worker (except on embedded H2); the
 * worker waits for that interrupt to land before clearing it, so no interrupt leaks into the pool.
 */
final class RunControl {

    private static final Logger LOG = Logger.getLogger(RunControl.class);

    /** Why a run was stopped. */
    enum Stop {
        TIMEOUT,
        CANCEL
    }

    private volatile Thread worker;
    private final AtomicReference<Object> state = new AtomicReference<>(ARMED);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Transaction transaction;
    private volatile StatementCanceller canceller;
    private volatile ScheduledFuture<?> deadline;
    private volatile String reason;

    private static final Object ARMED = "armed";
    private static final Object FINISHED_FIRST = "finished";

    /** Binds the calling worker, the run's transaction and statement canceller, and starts its deadline. */
    void arm(ScheduledExecutorService timer, long millis, Transaction tx, StatementCanceller statements) {
        this.worker = Thread.currentThread();
        this.transaction = tx;
        this.canceller = statements;
        this.deadline = timer.schedule(() -> stop(Stop.TIMEOUT, null), millis, TimeUnit.MILLISECONDS);
        if (state.get() instanceof Stop) {
            // a cancel arrived before the transaction existed: act on it now that there is something to stop
            act();
        }
    }

    /** Stops the run unless it already finished; false when it had. */
    boolean stop(Stop why, String because) {
        this.reason = because;
        if (!state.compareAndSet(ARMED, why)) {
            return false;
        }
        if (transaction != null) {
            act();
        }
        return true;
    }

    private void act() {
        try {
            transaction.setRollbackOnly();
        } catch (Exception | Error e) {
            LOG.debugf("setRollbackOnly on stop: %s", e.getMessage());
        }
        try {
            canceller.cancel();
            if (canceller.interruptSafe()) {
                worker.interrupt();
            }
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Called by the worker when the task returned or threw: null when it finished first, else why it was stopped
     * (the worker's interrupt is then cleared).
     */
    Stop disarm() {
        if (state.compareAndSet(ARMED, FINISHED_FIRST)) {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            return null;
        }
        Object now = state.get();
        if (now == FINISHED_FIRST) {
            return null;
        }
        if (transaction != null) {
            while (stopped.getCount() > 0) {
                try {
                    stopped.await();
                } catch (InterruptedException expected) {
                    // the stop's own interrupt; cleared below once it has certainly landed
                }
            }
        }
        Thread.interrupted();
        return (Stop) now;
    }

    /**
     * Waits up to {@code duration} for a stop; true when the run is stopped. The stop's own interrupt (or any other)
     * counts as one, and stays set for whatever the task blocks on next.
     */
    boolean awaitStop(Duration duration) {
        if (isStopped() || duration.isNegative() || duration.isZero()) {
            return isStopped();
        }
        long nanos = duration.compareTo(LONGEST_WAIT) > 0 ? Long.MAX_VALUE : duration.toNanos();
        try {
            return stopped.await(nanos, TimeUnit.NANOSECONDS) || isStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static final Duration LONGEST_WAIT = Duration.ofNanos(Long.MAX_VALUE);

    boolean isStopped() {
        return state.get() instanceof Stop;
    }

    String reason() {
        return reason;
    }
}
