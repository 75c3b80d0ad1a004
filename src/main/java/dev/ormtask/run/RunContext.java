package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParameters;
import dev.ormtask.task.Trigger;
import java.time.Duration;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/** The {@link TaskContext} of one run; {@code log} writes into {@code journal} too (a {@link RunLogger}). */
record RunContext(Session session, TaskParameters params, RunRecord run, Logger log, RunControl control,
        RunJournal journal) implements TaskContext {

    @Override
    public boolean stopRequested() {
        return control.isStopped();
    }

    @Override
    public boolean pause(Duration duration) {
        return !control.awaitStop(duration);
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

    @Override
    public void progress(long done, long total, String message) {
        journal.progress(done, total, message);
    }
}
