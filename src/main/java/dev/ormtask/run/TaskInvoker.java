package dev.ormtask.run;

import dev.ormtask.datasource.DataSourceCatalog;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunRecord;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskParameters;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Calls one task inside a new JTA transaction on its datasource and decides the outcome: commit on return,
 * rollback on any throwable, on a dry run and on timeout. A timeout marks the transaction rollback-only, cancels
 * the running statement on the server and interrupts the worker.
 */
@Singleton
class TaskInvoker {

    private static final Logger LOG = Logger.getLogger(TaskInvoker.class);
    // Narayana's own timeout only backs up our watchdog, for a task that survives cancel and interrupt.
    private static final int TRANSACTION_TIMEOUT_MARGIN_SECONDS = 30;

    private final TransactionManager transactions;
    private final DataSourceCatalog catalog;
    private final ResultEncoder encoder;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    TaskInvoker(TransactionManager transactions, DataSourceCatalog catalog, ResultEncoder encoder) {
        this.transactions = transactions;
        this.catalog = catalog;
        this.encoder = encoder;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ormtask-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.watchdog = timer;
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    RunOutcome invoke(RegisteredTask task, RunRecord run, TaskParameters params) {
        Session session = sessions.computeIfAbsent(task.datasource(), ds -> catalog.session(ds).orElseThrow());
        ChangeCounter changes = run.dryRun() ? new ChangeCounter() : null;
        Timeout timeout = new Timeout(Thread.currentThread());
        try {
            transactions.setTransactionTimeout(
                    (int) Math.min(Integer.MAX_VALUE, task.timeout().toSeconds() + TRANSACTION_TIMEOUT_MARGIN_SECONDS));
            transactions.begin();
        } catch (Exception e) {
            return RunOutcome.failed(RunError.of(e), null);
        }
        if (changes != null) {
            changes.bind();
        }
        try {
            Transaction tx = transactions.getTransaction();
            Session bound = session.unwrap(Session.class);
            Connection connection = bound.doReturningWork(c -> c);
            timeout.arm(watchdog, task.timeout().toMillis(), tx,
                    new StatementCanceller(dbKind(task), connection, bound));
            PostgresChangeCounts serverCounts = changes != null && "postgresql".equals(dbKind(task))
                    ? PostgresChangeCounts.start(connection)
                    : null;

            Object value = task.implementation().run(new RunContext(bound, params, run, taskLogger(task.name())));
            String result = encoder.encode(value);
            if (changes != null) {
                bound.flush(); // let Hibernate execute, and so count, what the task left pending
                if (serverCounts != null) {
                    changes.tables(serverCounts.since(connection));
                }
            }
            if (!timeout.disarm()) {
                return rollback(timedOut(task));
            }
            if (changes != null || tx.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                transactions.rollback();
                return changes != null
                        ? RunOutcome.succeeded(result, encoder.json(changes.snapshot()))
                        : RunOutcome.failed(RunError.of("the transaction was marked rollback-only"), null);
            }
            transactions.commit();
            return RunOutcome.succeeded(result, null);
        } catch (Throwable thrown) {
            boolean timedOut = !timeout.disarm();
            RunOutcome outcome = timedOut ? timedOut(task) : RunOutcome.failed(RunError.of(thrown),
                    changes == null ? null : encoder.json(changes.snapshot()));
            return rollback(outcome);
        } finally {
            ChangeCounter.unbind();
            resetTimeout();
        }
    }

    private void resetTimeout() {
        try {
            transactions.setTransactionTimeout(0);
        } catch (SystemException e) {
            LOG.debugf("Could not reset the transaction timeout: %s", e.getMessage());
        }
    }

    private String dbKind(RegisteredTask task) {
        return catalog.dbKinds().get(task.datasource());
    }

    private Logger taskLogger(String task) {
        return loggers.computeIfAbsent(task, name -> Logger.getLogger("ormtask.task." + name));
    }

    private RunOutcome rollback(RunOutcome outcome) {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transactions.rollback();
            }
        } catch (Exception e) {
            LOG.warnf("Rollback failed: %s", e.getMessage());
        }
        return outcome;
    }

    private static RunOutcome timedOut(RegisteredTask task) {
        return RunOutcome.timedOut(RunError.of("timed out after " + task.timeout()
                + "; the transaction was rolled back and the running statement cancelled"));
    }

    /**
     * The race between the task finishing and its deadline, decided by one compare-and-set: whoever wins acts, and
     * the worker waits for the watchdog's interrupt to land before clearing it, so no interrupt leaks into the pool.
     */
    private static final class Timeout {

        private static final int ARMED = 0;
        private static final int FINISHED_FIRST = 1;
        private static final int FIRED = 2;

        private final Thread worker;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private final CountDownLatch fired = new CountDownLatch(1);
        private volatile ScheduledFuture<?> timer;

        Timeout(Thread worker) {
            this.worker = worker;
        }

        void arm(ScheduledExecutorService watchdog, long millis, Transaction tx, StatementCanceller canceller) {
            timer = watchdog.schedule(() -> {
                if (!state.compareAndSet(ARMED, FIRED)) {
                    return;
                }
                try {
                    tx.setRollbackOnly();
                } catch (Exception | Error e) {
                    LOG.debugf("setRollbackOnly on timeout: %s", e.getMessage());
                }
                try {
                    canceller.cancel();
                    worker.interrupt();
                } finally {
                    fired.countDown();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        /** True when the task finished first; false when the deadline fired (its interrupt is then cleared). */
        boolean disarm() {
            if (state.compareAndSet(ARMED, FINISHED_FIRST)) {
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
                return true;
            }
            if (state.get() == FINISHED_FIRST) {
                return true;
            }
            while (fired.getCount() > 0) {
                try {
                    fired.await();
                } catch (InterruptedException expected) {
                    // the watchdog's own interrupt; cleared below once it has certainly landed
                }
            }
            Thread.interrupted();
            return false;
        }
    }
}
