package dev.ormtask.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transaction;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wait behind {@code TaskContext.pause}: it ends when the run is stopped, from any thread, and only then. */
class RunControlTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aPauseThatIsNotStoppedLastsItsWholeDuration() {
        RunControl control = armed(new StatementCanceller("h2", null, null), Duration.ofMinutes(10));
        long start = System.nanoTime();
        assertFalse(control.awaitStop(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "returned before its duration");
        assertFalse(control.awaitStop(Duration.ZERO));
        assertFalse(control.awaitStop(Duration.ofSeconds(-1)));
        control.disarm();
    }

    @Test
    void aCancelEndsAPauseOfAnHourWithoutAnInterrupt() throws Exception {
        // h2: the stop does not interrupt the worker, so only the wait on the stop itself can end the pause.
        RunControl control = armed(new StatementCanceller("h2", null, null), Duration.ofMinutes(10));
        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> control.awaitStop(Duration.ofHours(1)));
        timer.schedule(() -> control.stop(RunControl.Stop.CANCEL, "test"), 100, TimeUnit.MILLISECONDS);
        assertTrue(paused.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aTimeoutEndsAPauseOfAnyLength() {
        RunControl control = armed(new StatementCanceller("h2", null, null), Duration.ofMillis(100));
        assertTrue(control.awaitStop(Duration.ofSeconds(Long.MAX_VALUE)), "a pause beyond any nanosecond count");
        assertTrue(control.awaitStop(Duration.ofHours(1)), "and every pause after the stop ends at once");
        control.disarm();
        assertFalse(Thread.interrupted());
    }

    private RunControl armed(StatementCanceller canceller, Duration timeout) {
        RunControl control = new RunControl();
        control.arm(timer, timeout.toMillis(), new NoTransaction(), canceller);
        return control;
    }

    /** A transaction that only takes rollback-only marks: all a stop asks of one. */
    private static final class NoTransaction implements Transaction {
        @Override
        public void commit() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delistResource(XAResource xaRes, int flag) {
            return false;
        }

        @Override
        public boolean enlistResource(XAResource xaRes) {
            return false;
        }

        @Override
        public int getStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void registerSynchronization(Synchronization sync) {}

        @Override
        public void rollback() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRollbackOnly() {}
    }
}
