package dev.ormtask.task;

/**
 * The whole contract a task author writes against: a CDI bean implementing this, annotated with {@link Task}.
 *
 * <p>{@link #run} is called inside a new transaction on the task's datasource. Returning commits (unless the run
 * is a dry run); throwing anything rolls back. The returned value must be JSON-serialisable and is recorded.
 */
@FunctionalInterface
public interface OrmTask {

    Object run(TaskContext ctx) throws Exception;
}
