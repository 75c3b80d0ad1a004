package dev.ormtask.run;

import dev.ormtask.config.DaemonThreads;
import dev.ormtask.history.RunError;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.RegisteredTask;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs whose commit failed on a lost connection (a database restart or failover at that very moment): the database
 * may have committed them or not. The run's commit marker tells: the run is fenced in its task's database, and is
 * SUCCEEDED if its marker was there, FAILED otherwise (and then can never commit). While that database cannot be
 * read, the run stays RUNNING in history and is asked about again every second.
 */
@Singleton
class InDoubtRuns {

    private static final Logger LOG = Logger.getLogger(InDoubtRuns.class);
    private static final long RETRY_MS = 1_000;

    private final CommitMarkers markers;
    private final ResultEncoder encoder;
    private final NodeIdentity node;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ormtask-in-doubt"));

    InDoubtRuns(CommitMarkers markers, ResultEncoder encoder, NodeIdentity node) {
        this.markers = markers;
        this.encoder = encoder;
        this.node = node;
    }

    /** The run's end once known: SUCCEEDED when its commit took effect after all, else FAILED with {@code error}. */
    CompletableFuture<RunRecord> resolve(RegisteredTask task, RunRecord run, RunError error) {
        CompletableFuture<RunRecord> done = new CompletableFuture<>();
        LOG.warnf("Run %s of %s: its commit failed on a lost connection (%s); asking its commit marker whether it took"
                + " effect", run.id(), run.taskName(), error.message());
        ask(task, run, error, done);
        return done;
    }

    private void ask(RegisteredTask task, RunRecord run, RunError error, CompletableFuture<RunRecord> done) {
        switch (markers.fence(task.datasource(), run.id())) {
            case COMMITTED -> {
                String settled = "the commit was acknowledged by the database although the connection was lost;"
                        + " the task's own result was not kept";
                LOG.warnf("Run %s of %s SUCCEEDED: %s", run.id(), run.taskName(), settled);
                done.complete(run.finished(RunStatus.SUCCEEDED, encoder.json(Map.of("settled", settled)), null, null,
                        node.now()));
            }
            case NEVER_COMMITS -> done.complete(run.finished(RunStatus.FAILED, null, null, RunError.of("not committed: "
                    + error.message()), node.now()));
            case UNKNOWN -> {
                try {
                    timer.schedule(() -> ask(task, run, error, done), RETRY_MS, TimeUnit.MILLISECONDS);
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
