package dev.ormtask.example;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Deletes sessions that expired more than {@code olderThanDays} days ago. It deletes entity by entity so that a dry
 * run counts exactly on every database; for millions of rows a bulk {@code UserSession.delete(query)} is faster, and
 * dry runs count it exactly on PostgreSQL (README, "Dry runs").
 */
@ApplicationScoped
@Task(
        name = "purge-expired-sessions",
        datasource = "app",
        description = "Deletes user sessions that expired more than olderThanDays days ago",
        timeout = "2m",
        params = @TaskParam(name = "olderThanDays", type = ParamType.INT, defaultValue = "30",
                description = "Keep sessions that expired fewer than this many days ago"))
public class PurgeExpiredSessionsTask implements OrmTask {

    private final Clock clock;

    PurgeExpiredSessionsTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Object run(TaskContext ctx) {
        int days = ctx.params().integer("olderThanDays");
        if (days < 0) {
            throw new IllegalArgumentException("olderThanDays must not be negative, was " + days);
        }
        LocalDateTime cutoff = LocalDateTime.now(clock).minusDays(days);
        List<UserSession> expired = UserSession.list("expiresAt < ?1", cutoff);
        expired.forEach(UserSession::delete);
        long deleted = expired.size();
        ctx.log().infof("Deleted %d sessions that expired before %s", deleted, cutoff);
        return Map.of("deleted", deleted, "cutoff", cutoff.toString());
    }
}
