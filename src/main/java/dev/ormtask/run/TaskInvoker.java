package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.datasource.ConnectionHealth;
import dev.ormtask.datasource.DataSourceCatalog;
import io.agroal.api.AgroalDataSource;
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
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.hibernate.Session;
import org.hibernate.engine.spi.SessionImplementor;
import org.jboss.logging.Logger;

/**
 * Calls one task inside a new JTA transaction on its datasource and decides the outcome: commit on return,
 * rollback on any throwable, on a dry run, on timeout and on cancel ({@link RunControl} stops the run).
 */
@Singleton
class TaskInvoker {

    private static final Logger LOG = Logger.getLogger(TaskInvoker.class);
    // Narayana's own timeout only backs up our watchdog, for a task that survives cancel and interrupt.
    private static final int TRANSACTION_TIMEOUT_MARGIN_SECONDS = 30;
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final TransactionManager transactions;
    private final DataSourceCatalog catalog;
    private final ResultEncoder encoder;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, AgroalDataSource> pools = new ConcurrentHashMap<>();
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    private final CommitMarkers markers;
    private final NodeLiveness liveness;
    private final ConnectionHealth health;
    private final RunJournals journals;

    TaskInvoker(TransactionManager transactions, DataSourceCatalog catalog, ResultEncoder encoder,
            CommitMarkers markers, NodeLiveness liveness, ConnectionHealth health, RunJournals journals) {
        this.health = health;
        this.journals = journals;
        this.markers = markers;
        this.liveness = liveness;
        this.transactions = transactions;
        this.catalog = catalog;
        this.encoder = encoder;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("ormtask-timeouts"));
        timer.setRemoveOnCancelPolicy(true);
        this.watchdog = timer;
    }

    @PreDestroy
    void stop() {
        watchdog.shutdownNow();
    }

    RunOutcome invoke(RegisteredTask task, RunRecord run, TaskParameters params, RunControl control) {
        Session session = sessions.computeIfAbsent(task.datasource(), ds -> catalog.session(ds).orElseThrow());
        ChangeCounter changes = run.dryRun() ? new ChangeCounter() : null;
        Connection connection;
        try {
            if (markers.enabled() && !run.dryRun()) {
                markers.ensureReady(task.datasource());
            }
            connection = begin(task, session);
        } catch (Exception e) {
            rollback(null);
            health.afterFailure(dataSource(task), task.datasource(), e);
            return RetryableFailures.isRetryable(e) ? RunOutcome.failedTransiently(RunError.of(e), null)
                    : RunOutcome.failed(RunError.of(e), null);
        }
        if (changes != null) {
            changes.bind();
        }
        // Progress and ctx.log() lines of this run (RunJournals): written outside the transaction, kept on rollback.
        RunJournal journal = journals.open(task, run, params);
        try {
            Transaction tx = transactions.getTransaction();
            Session bound = session.unwrap(Session.class);
            // The canceller runs on another thread, where the session the task sees (Quarkus' transaction-scoped
            // proxy) finds no transaction: it holds the session behind it.
            control.arm(watchdog, task.timeout().toMillis(), tx,
                    new StatementCanceller(dbKind(task), connection, session.unwrap(SessionImplementor.class)));
            PostgresChangeCounts serverCounts = changes != null && "postgresql".equals(dbKind(task))
                    ? PostgresChangeCounts.start(connection)
                    : null;

            Object value = task.implementation().run(new RunContext(bound, params, run,
                    new RunLogger(taskLogger(task.name()), journal), control, journal));
            String result = encoder.encode(value);
            if (changes != null) {
                bound.flush(); // let Hibernate execute, and so count, what the task left pending
                if (serverCounts != null) {
                    changes.tables(serverCounts.since(connection));
                }
            }
            if (changes == null && markers.enabled()) {
                markers.mark(connection, run.id()); // commits with the task's work, or not at all
            }
            RunControl.Stop stop = control.disarm();
            if (stop != null) {
                return rollback(stopped(task, stop, control));
            }
            String refusal = changes == null ? liveness.commitRefusal(run.startedAt()) : null;
            if (refusal != null) {
                // Rolled back for certain, so another attempt is safe where the task allows one; if another node
                // settled the run meanwhile, this end is not written and that node's settlement decides.
                return rollback(RunOutcome.failedTransiently(RunError.of(refusal), null));
            }
            if (changes != null || tx.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                transactions.rollback();
                return changes != null
                        ? RunOutcome.succeeded(result, encoder.json(changes.snapshot()))
                        : RunOutcome.failed(RunError.of("the transaction was marked rollback-only"), null);
            }
            try {
                transactions.commit();
            } catch (Exception e) {
                // Whatever a failed commit says, the database may have committed: a reply lost with the connection is
                // a failure here and a commit there, and the transaction manager does not say why it failed (Narayana
                // throws a RollbackException without its cause). With a commit marker in the same transaction the run
                // is settled from it; without one it counts as failed.
                if (markers.enabled()) {
                    health.afterFailure(dataSource(task), task.datasource(), e);
                    return RunOutcome.commitInDoubt(RunError.of(e), result);
                }
                throw e;
            }
            return RunOutcome.succeeded(result, null);
        } catch (Throwable thrown) {
            health.afterFailure(dataSource(task), task.datasource(), thrown);
            RunControl.Stop stop = control.disarm();
            String changed = changes == null ? null : changesOrNull(changes);
            RunOutcome outcome = stop != null ? stopped(task, stop, control)
                    : RetryableFailures.isRetryable(thrown) ? RunOutcome.failedTransiently(RunError.of(thrown), changed)
                    : RunOutcome.failed(RunError.of(thrown), changed);
            return rollback(outcome);
        } finally {
            ChangeCounter.unbind();
            resetTimeout();
            journals.close(journal); // the transaction has ended: the run's last reports, before its end is recorded
        }
    }

    /**
     * Begins the run's transaction and returns its connection. Right after a connection of this datasource was lost
     * (a database restart), the connection is checked first, and a dead one is swapped for a fresh one, once: a run
     * whose task has not done anything yet must not fail for a stale pooled connection.
     */
    private Connection begin(RegisteredTask task, Session session) throws Exception {
        for (int attempt = 1; ; attempt++) {
            transactions.setTransactionTimeout(
                    (int) Math.min(Integer.MAX_VALUE, task.timeout().toSeconds() + TRANSACTION_TIMEOUT_MARGIN_SECONDS));
            transactions.begin();
            Connection connection = session.unwrap(Session.class).doReturningWork(c -> c);
            AgroalDataSource pool = dataSource(task);
            if (attempt == 2 || !health.suspect(pool) || connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return connection;
            }
            transactions.rollback();
            health.afterFailure(pool, task.datasource(), new SQLException("a pooled connection did not validate", "08003"));
        }
    }

    private AgroalDataSource dataSource(RegisteredTask task) {
        return pools.computeIfAbsent(task.datasource(), ds -> catalog.dataSource(ds).orElseThrow());
    }

    // On the failure path nothing may stand between the task's exception and the rollback, not even the report.
    private String changesOrNull(ChangeCounter changes) {
        try {
            return encoder.json(changes.snapshot());
        } catch (RuntimeException e) {
            LOG.warnf("Could not write what the failed dry run changed: %s", e.getMessage());
            return null;
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

    /** Rolls back the current transaction, if any; returns {@code outcome}. */
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

    private static RunOutcome stopped(RegisteredTask task, RunControl.Stop stop, RunControl control) {
        return switch (stop) {
            case TIMEOUT -> RunOutcome.timedOut(RunError.of("timed out after " + task.timeoutText()
                    + "; the transaction was rolled back (and a statement still running, if any, cancelled)"));
            case CANCEL -> RunOutcome.cancelled(RunError.of("cancelled: " + control.reason()
                    + "; the transaction was rolled back (and a statement still running, if any, cancelled)"));
        };
    }
}
