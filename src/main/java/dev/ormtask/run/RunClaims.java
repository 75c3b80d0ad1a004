package dev.ormtask.run;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;

/**
 * The claim tick: every {@code ormtask.run.claim-interval}, idle workers here look for queued runs that nothing told
 * this node about (queued by another node, or a retry whose backoff ended), and the cluster-wide count of queued
 * runs is refreshed. Runs queued on this node, and workers freed while runs wait, claim at once without it.
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
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void claim() {
        backlog.recount();
        workers.queuedWorkExists();
    }
}
