package dev.ormtask.task;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * A task whose declaration cannot work; thrown at startup so that the service refuses to start. A configuration
 * error, so Quarkus prints its message alone rather than under a stack trace.
 */
public class TaskDefinitionException extends ConfigurationException {

    public TaskDefinitionException(String taskOrClass, String problem) {
        super("ORM task " + taskOrClass + ": " + problem);
    }
}
