package dev.ormtask.run;

import dev.ormtask.config.BeforeStart;
import dev.ormtask.config.RepeatedWarning;
import dev.ormtask.history.RunHistory;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Picks up cancel requests made on other nodes for runs executing on this one. */
@Singleton
class CancelRequestPoller {

    private static final Logger LOG = Logger.getLogger(CancelRequestPoller.class);

    private final RepeatedWarning unreadable = new RepeatedWarning(LOG);

    private final RunHistory history;
    private final RunWorkers workers;
    private final NodeIdentity node;

    CancelRequestPoller(RunHistory history, RunWorkers workers, NodeIdentity node) {
        this.history = history;
        this.workers = workers;
        this.node = node;
    }

    @Scheduled(every = "${ormtask.run.cancel-poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "ormtask-cancel-requests", skipExecutionIf = BeforeStart.class)
    void poll() {
        if (!workers.hasExecuting()) {
            return; // nothing here to cancel: no query
        }
        try {
            for (String id : history.cancelRequested(node.name())) {
                if (workers.cancelLocal(id, "cancel requested through another node")) {
                    LOG.infof("Run %s cancelled on request", id);
                }
            }
        } catch (RuntimeException e) {
            unreadable.warn("Could not read cancel requests: " + e.getMessage());
        }
    }
}
