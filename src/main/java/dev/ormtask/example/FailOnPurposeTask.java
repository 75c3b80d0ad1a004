package dev.ormtask.example;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a note, makes Hibernate send it to the database, then fails: the rollback must leave no note behind. */
@ApplicationScoped
@Task(
        name = "fail-on-purpose",
        datasource = "app",
        description = "Inserts a demo_note row, flushes it, then throws: shows that a failed run leaves nothing")
public class FailOnPurposeTask implements OrmTask {

    @Override
    public Object run(TaskContext ctx) {
        DemoNote note = new DemoNote();
        note.text = "written by run " + ctx.runId();
        note.persist();
        ctx.session().flush(); // the INSERT really reaches the database before the failure
        throw new IllegalStateException("failing on purpose after inserting demo_note " + note.id);
    }
}
