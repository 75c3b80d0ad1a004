package dev.ormtask.schedule;

import dev.ormtask.datasource.DataSourceUnavailableException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns one cron fire into at most one run across all replicas: every replica tries, the unique index on
 * (task, fire time) lets exactly one record it, and the others do nothing.
 */
@Singleton
class CronFires {

    private static final Logger LOG = Logger.getLogger(CronFires.class);
    static final String SCHEDULER = "scheduler";

    private static final int MAX_MADE_UP = 5;

    private final RunService runs;
    private final TaskStates states;
    private final Map<String, Instant> lastFired = new ConcurrentHashMap<>();

    CronFires(RunService runs, TaskStates states) {
        this.runs = runs;
        this.states = states;
    }

    /**
     * A fire from Quarkus Scheduler. Its simple scheduler checks once a second and fires only the latest due time, so
     * a check that lands just past a second boundary skips the previous fire of an every-second cron; the fires this
     * replica skipped since its last one (a few seconds at most) are made up here. The unique index keeps each fire
     * to one run across replicas either way.
     */
    void onJobFire(RegisteredTask task, Instant scheduled) {
        Instant fireTime = scheduled.truncatedTo(ChronoUnit.SECONDS);
        Instant previous = lastFired.put(task.name(), fireTime);
        for (Instant due : previous == null ? List.of(fireTime)
                : CronExpressions.between(task, previous, fireTime, MAX_MADE_UP)) {
            fire(task, due, Trigger.SCHEDULE);
        }
    }

    void fire(RegisteredTask task, Instant scheduled, Trigger trigger) {
        // Replicas see the same fire a few milliseconds apart; the whole second is the fire's identity.
        Instant fireTime = scheduled.truncatedTo(ChronoUnit.SECONDS);
        RunRequest request = RunRequest.scheduled(task.name(), trigger, SCHEDULER, fireTime);
        if (runs.stopping()) {
            // Recorded now, the fire would wait QUEUED for this node's next start however late that is, behind the
            // task's misfire policy; left alone, a live replica records it, or the policy decides at the next start.
            LOG.infof("Fire %s of %s not recorded here: this node is stopping", fireTime, task.name());
            return;
        }
        try {
            if (!states.schedule(task.name()).map(s -> s.allows(fireTime)).orElse(true)) {
                return; // paused, or due before the last pause/resume
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
        } catch (DataSourceUnavailableException e) {
            LOG.warnf("Fire %s of %s not started: %s", fireTime, task.name(), e.getMessage());
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
