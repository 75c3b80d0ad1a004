package dev.ormtask.task;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/** What a running task is given: its ORM session, validated parameters and facts about the run. */
public interface TaskContext {

    /** The Hibernate session of the task datasource's persistence unit, bound to this run's transaction. */
    Session session();

    /** The same session seen as a JPA {@link EntityManager}. */
    default EntityManager entityManager() {
        return session();
    }

    TaskParameters params();

    String runId();

    String taskName();

    Trigger trigger();

    /** True when the run's transaction is always rolled back, whatever the task does. */
    boolean dryRun();

    /**
     * A logger whose lines carry this run's id (MDC key {@code runId}). The lines it logs at enabled levels are also
     * kept with the run (its newest {@code ormtask.runlog.max-lines}, served by {@code GET /api/runs/{id}/log}),
     * with the values of secret parameters masked in both places.
     */
    Logger log();

    /**
     * Reports how far the run has got: {@code done} of {@code total} units (a total of 0 or less: unknown), with an
     * optional message. Cheap to call often: the latest report is written at most once per
     * {@code ormtask.runlog.flush-interval}, outside the run's transaction, so a rollback keeps it. It is shown by
     * {@code GET /api/runs/{id}} and the dashboard.
     */
    void progress(long done, long total, String message);

    /** {@link #progress(long, long, String)} without a message. */
    default void progress(long done, long total) {
        progress(done, total, null);
    }

    /**
     * True once the run's timeout has passed or a cancel or shutdown asked it to stop. Its transaction will be rolled
     * back whatever it does; a long loop should check this and return.
     */
    boolean stopRequested();

    /**
     * Waits for {@code duration}, ending at once if the run is asked to stop meanwhile (timeout, cancel, shutdown).
     * True when the whole pause passed; false when the run was asked to stop, before or during it, and should return.
     * Use it instead of {@code Thread.sleep}, which on an embedded H2 datasource (where the service does not interrupt
     * a run's thread) waits out its sleep after a cancel.
     */
    boolean pause(java.time.Duration duration);
}
