package dev.ormtask.task;

/** A task whose declaration cannot work; thrown at startup so that the service refuses to start. */
public class TaskDefinitionException extends RuntimeException {

    public TaskDefinitionException(String taskOrClass, String problem) {
        super("ORM task " + taskOrClass + ": " + problem);
    }
}
