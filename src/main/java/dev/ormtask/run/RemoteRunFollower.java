package dev.ormtask.run;

import dev.ormtask.history.RunHistory;
import dev.ormtask.history.RunRecord;
import dev.ormtask.history.RunStatus;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.TaskRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the handles of waited-for runs that are not executing here up to date (queued, or claimed by another node):
 * one history read for all of them every {@code ormtask.run.follow-interval}, following a transient failure into
 * its next attempt. A node with nothing to follow issues no query.
 */
@Startup
@Singleton
class RemoteRunFollower {

    private static final Logger LOG = Logger.getLogger(RemoteRunFollower.class);

    private final RunHandles handles;
    private final RunWorkers workers;
    private final RunHistory history;
    private final TaskRegistry registry;
    private final NodeIdentity node;

    // Quarkus' scheduler cannot fire more often than once a second; waiting clients should not wait that long.
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ormtask-follow-remote-runs");
        t.setDaemon(true);
        return t;
    });

    RemoteRunFollower(RunHandles handles, RunWorkers workers, RunHistory history, TaskRegistry registry,
            NodeIdentity node, RunConfig config) {
        this.handles = handles;
        this.workers = workers;
        this.history = history;
        this.registry = registry;
        this.node = node;
        long every = config.followInterval().toMillis();
        timer.scheduleWithFixedDelay(this::followQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void followQuietly() {
        try {
            follow();
        } catch (RuntimeException | Error e) {
            LOG.warnf("Following runs on other nodes failed, will retry: %s", e.getMessage());
        }
    }

    void follow() {
        Map<String, RunHandle> elsewhere = new HashMap<>();
        for (RunHandle handle : handles.all()) {
            RunRecord known = handle.current();
            if (handle.followsRetry() || known.status().isTerminal() || workers.isExecuting(known.id())) {
                continue; // a worker here completes it
            }
            elsewhere.put(known.id(), handle);
        }
        if (elsewhere.isEmpty()) {
            return;
        }
        try {
            for (RunRecord now : history.findAll(elsewhere.keySet())) {
                RunHandle handle = elsewhere.get(now.id());
                if (now.status() == RunStatus.FAILED && mayBeRetried(now)) {
                    Optional<RunRecord> next = history.nextAttempt(now);
                    if (next.isPresent()) {
                        handle.follow(handles.watch(next.get()));
                        continue;
                    }
                    if (now.finishedAt() != null && now.finishedAt().isAfter(node.now().minusSeconds(2))) {
                        continue; // its node records the next attempt right after the failure: look again next time
                    }
                }
                handle.moved(now);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Could not read runs followed on other nodes, reading again: %s", e.getMessage());
        }
    }

    private boolean mayBeRetried(RunRecord failed) {
        Optional<RegisteredTask> task = registry.find(failed.taskName());
        return !failed.dryRun() && task.isPresent() && task.get().retry().allowsAnotherAfter(failed.attempt());
    }
}
