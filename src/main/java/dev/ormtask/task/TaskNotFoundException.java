package dev.ormtask.task;

/** A request named a task that is not registered. */
public class TaskNotFoundException extends RuntimeException {

    public TaskNotFoundException(String name) {
        super("no task named '" + (name.length() <= 80 ? name : name.substring(0, 80) + "…") + "'");
    }
}
