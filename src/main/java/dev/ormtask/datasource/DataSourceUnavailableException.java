package dev.ormtask.datasource;

/**
 * A start of a task whose datasource cannot take it: it did not answer its last probe (answered with 503 and
 * Retry-After), or it is not active, which lasts until the service restarts with it configured (503 without one).
 */
public class DataSourceUnavailableException extends RuntimeException {

    private final boolean lasting;

    public DataSourceUnavailableException(String task, String datasource, String problem) {
        super(DataSourceProbe.INACTIVE.equals(problem)
                ? "datasource '" + datasource + "' of task '" + task + "' is not active (no URL configured, or switched"
                        + " off); its tasks cannot start until the service is restarted with it configured"
                : "datasource '" + datasource + "' of task '" + task + "' is unavailable (" + problem + "); retry later");
        this.lasting = DataSourceProbe.INACTIVE.equals(problem);
    }

    /** True when retrying cannot help: the datasource is not active in this process. */
    public boolean lasting() {
        return lasting;
    }
}
