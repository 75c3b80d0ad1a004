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

    /** A logger whose lines carry this run's id (MDC key {@code runId}). */
    Logger log();

    /**
     * True once the run's timeout has passed or a cancel or shutdown asked it to stop. Its transaction will be rolled
     * back whatever it does; a long loop should check this and return.
     */
    boolean stopRequested();
}
