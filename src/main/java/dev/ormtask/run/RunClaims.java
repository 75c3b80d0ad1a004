package dev.ormtask.run;

import dev.ormtask.config.BeforeStart;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;

/**
 * The claim tick: every {@code ormtask.run.claim-interval} the cluster-wide count of queued runs is refreshed, and
 * when it is not zero idle workers here look for runs nothing told this node about (queued by another node, or a
 * retry whose backoff ended). Runs queued on this node, and workers freed while runs wait, claim at once without it.
 * An empty queue costs the count only: a claim holds this node's idle workers for its round trip, and a start that
 * comes meanwhile would be queued instead of starting at once.
 */
@Singleton
class RunClaims {

    private final RunWorkers workers;
    private final BacklogLimit backlog;

    RunClaims(RunWorkers workers, BacklogLimit backlog) {
        this.workers = workers;
        this.backlog = backlog;
    }

    @Scheduled(every = "${ormtask.run.claim-interval}", identity = "ormtask-claims",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = BeforeStart.class)
    void claim() {
        if (backlog.recount() != 0) {
            workers.queuedWorkExists();
        }
    }
}
