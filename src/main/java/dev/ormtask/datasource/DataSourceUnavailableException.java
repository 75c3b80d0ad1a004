package dev.ormtask.datasource;

import java.time.Duration;

/**
 * A start of a task whose datasource cannot take it: it did not answer its last probe (answered with 503 and
 * Retry-After), or it is not active, which lasts until the service restarts with it configured (503 without one).
 */
public class DataSourceUnavailableException extends RuntimeException {

    private final boolean lasting;
    private final Duration retryAfter;

    public DataSourceUnavailableException(String task, String datasource, String problem, Duration retryAfter) {
        this(task, datasource, problem, DataSourceProbe.INACTIVE.equals(problem), retryAfter);
    }

    private DataSourceUnavailableException(String task, String datasource, String problem, boolean lasting,
            Duration retryAfter) {
        super("datasource '" + datasource + "' of task '" + task + "' " + (lasting
                ? "is not active (no URL configured, or switched off); its tasks cannot start until the service is"
                        + " restarted with it configured"
                : "is unavailable (" + problem + "); retry later"));
        this.lasting = lasting;
        this.retryAfter = retryAfter;
    }

    /** When a retry may succeed: at the next probe of the datasource. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True when retrying cannot help: the datasource is not active in this process. */
    public boolean lasting() {
        return lasting;
    }
}
