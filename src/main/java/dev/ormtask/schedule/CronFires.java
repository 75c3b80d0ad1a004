package dev.ormtask.schedule;

import dev.ormtask.history.DuplicateFireException;
import dev.ormtask.history.TaskStates;
import dev.ormtask.run.CapacityExceededException;
import dev.ormtask.run.ConcurrencyConflictException;
import dev.ormtask.run.RunRequest;
import dev.ormtask.run.RunService;
import dev.ormtask.run.TaskDisabledException;
import dev.ormtask.task.RegisteredTask;
import dev.ormtask.task.Trigger;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Turns one cron fire into at most one run across all replicas: every replica tries, the unique index on
 * (task, fire time) lets exactly one record it, and the others do nothing.
 */
@Singleton
class CronFires {

    private static final Logger LOG = Logger.getLogger(CronFires.class);
    static final String SCHEDULER = "scheduler";

    private final RunService runs;
    private final TaskStates states;

    CronFires(RunService runs, TaskStates states) {
        this.runs = runs;
        this.states = states;
    }

    void fire(RegisteredTask task, Instant scheduled, Trigger trigger) {
        // Replicas see the same fire a few milliseconds apart; the whole second is the fire's identity.
        Instant fireTime = scheduled.truncatedTo(ChronoUnit.SECONDS);
        RunRequest request = new RunRequest(task.name(), null, false, trigger, SCHEDULER, fireTime);
        try {
            if (states.isPaused(task.name())) {
                return;
            }
            runs.start(request);
        } catch (DuplicateFireException e) {
            LOG.debugf("Fire %s of %s is handled by another replica", fireTime, task.name());
        } catch (ConcurrencyConflictException e) {
            skip(request, "skipped: run " + e.activeRunId() + " is still active (concurrency FORBID)");
        } catch (TaskDisabledException e) {
            LOG.debugf("Fire %s of disabled task %s ignored", fireTime, task.name());
        } catch (CapacityExceededException e) {
            LOG.warnf("Fire %s of %s refused on this replica: %s", fireTime, task.name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Fire %s of %s failed to start", fireTime, task.name());
        }
    }

    private void skip(RunRequest request, String reason) {
        try {
            runs.skip(request, reason);
            LOG.infof("Fire %s of %s %s", request.scheduledAt(), request.task(), reason);
        } catch (DuplicateFireException e) {
            LOG.debugf("Fire %s of %s was recorded by another replica", request.scheduledAt(), request.task());
        }
    }
}
