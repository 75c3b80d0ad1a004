package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.Trigger;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/** The {@link TaskContext} of one run. */
record RunContext(Session session, TaskParameters params, RunRecord run, Logger log, RunControl control)
        implements TaskContext {

    @Override
    public boolean stopRequested() {
        return control.isStopped();
    }

    @Override
    public String runId() {
        return run.id();
    }

    @Override
    public String taskName() {
        return run.taskName();
    }

    @Override
    public Trigger trigger() {
        return run.trigger();
    }

    @Override
    public boolean dryRun() {
        return run.dryRun();
    }
}
