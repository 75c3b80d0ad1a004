package dev.ormtask.run;

import dev.ormtask.history.RunRecord;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs someone on this node waits for (a client's start, a repeated Idempotency-Key, a long poll): one handle per
 * run, completed by the worker that runs it here or by {@link RemoteRunFollower} when another node does. Runs nobody
 * waits for have no handle, so a backlog of thousands of queued runs costs nothing here.
 */
@Singleton
class RunHandles {

    private final Map<String, RunHandle> watched = new ConcurrentHashMap<>();

    /** The one handle of this run, made on first use; it lets go of itself when the run ends. */
    RunHandle watch(RunRecord run) {
        if (run.status().isTerminal()) {
            return new RunHandle(run);
        }
        return watched.computeIfAbsent(run.id(), id -> {
            RunHandle handle = new RunHandle(run);
            handle.finished().whenComplete((done, failure) -> watched.remove(id));
            return handle;
        });
    }

    /** The handle of a run someone waits for, or null. */
    RunHandle find(String id) {
        return watched.get(id);
    }

    Collection<RunHandle> all() {
        return watched.values();
    }
}
