package dev.ormtask.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Skips a scheduled job until the service has started ({@code skipExecutionIf = BeforeStart.class}). The scheduler
 * fires its interval jobs while the start is still under way: a job then built the beans it needs ahead of the start,
 * and with a configuration error each job logged that error with a stack trace before the start's own clear message.
 * Unlike {@link Scheduled.ApplicationNotRunning} it keeps the jobs going while the service stops: the drain still
 * takes cancel requests. (The heartbeat has its own gate, opened earlier: see run.HeartbeatGate; the datasource probe
 * has none.)
 */
@Singleton
public class BeforeStart implements Scheduled.SkipPredicate {

    private volatile boolean started;

    // Last of the start's observers: the service's own start-up work is done when this runs.
    void started(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        started = true;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !started;
    }
}
