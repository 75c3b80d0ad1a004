package dev.ormtask.datasource;

/** A start of a task whose datasource did not answer its last probe; answered with 503. */
public class DataSourceUnavailableException extends RuntimeException {

    public DataSourceUnavailableException(String task, String datasource, String problem) {
        super("datasource '" + datasource + "' of task '" + task + "' is unavailable (" + problem + "); retry later");
    }
}
