package dev.ormtask.testtasks;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a row, then throws a checked exception: the row must not stay. */
@ApplicationScoped
@Task(name = "write-then-throw-checked", datasource = "app", description = "test: checked exception after a write")
public class WriteThenThrowCheckedTask implements OrmTask {

    /** A checked exception, which JTA's default rules would not roll back for. */
    public static class CheckedFailure extends Exception {
        CheckedFailure(String message) {
            super(message);
        }
    }

    @Override
    public Object run(TaskContext ctx) throws CheckedFailure {
        TestWrites.insert(ctx, "checked");
        throw new CheckedFailure("checked failure after writing");
    }
}
