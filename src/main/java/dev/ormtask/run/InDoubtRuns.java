package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.RegisteredTask;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs whose commit reported a failure: the database may have committed them or not (a reply lost with the connection,
 * a restart or failover at that very moment). The run's commit marker tells: the run is fenced in its task's database,
 * and is SUCCEEDED, with the task's own result, if its marker was there, FAILED otherwise (and then can never commit,
 * so another attempt is safe). While that database cannot be read, the run stays RUNNING in history and is asked about
 * again every second.
 */
@Singleton
class InDoubtRuns {

    private static final Logger LOG = Logger.getLogger(InDoubtRuns.class);
    private static final long RETRY_MS = 1_000;

    private final CommitMarkers markers;
    private final NodeIdentity node;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ormtask-in-doubt"));

    InDoubtRuns(CommitMarkers markers, NodeIdentity node) {
        this.markers = markers;
        this.node = node;
    }

    /** The run's end once known: SUCCEEDED when its commit took effect after all, else FAILED with its error. */
    CompletableFuture<RunRecord> resolve(RegisteredTask task, RunRecord run, RunOutcome outcome) {
        CompletableFuture<RunRecord> done = new CompletableFuture<>();
        LOG.warnf("Run %s of %s: its commit reported a failure (%s); asking its commit marker whether it took effect",
                run.id(), run.taskName(), outcome.error().message());
        ask(task, run, outcome, done);
        return done;
    }

    private void ask(RegisteredTask task, RunRecord run, RunOutcome outcome, CompletableFuture<RunRecord> done) {
        switch (markers.fence(task.datasource(), run.id())) {
            case COMMITTED -> {
                LOG.warnf("Run %s of %s SUCCEEDED: its commit marker shows the commit took effect although it"
                        + " reported a failure", run.id(), run.taskName());
                done.complete(run.finished(RunStatus.SUCCEEDED, outcome.resultJson(), null, null, node.now()));
            }
            case NEVER_COMMITS -> done.complete(run.finished(RunStatus.FAILED, null, null, RunError.of("not committed"
                    + " (its commit marker is not there, and now never can be): " + outcome.error().message()),
                    node.now()));
            case UNKNOWN -> {
                try {
                    timer.schedule(() -> ask(task, run, outcome, done), RETRY_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // Left RUNNING: the node's next start settles it, exactly, from the same marker.
                    LOG.warnf("Node stopping: run %s stays RUNNING in history until settled", run.id());
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
