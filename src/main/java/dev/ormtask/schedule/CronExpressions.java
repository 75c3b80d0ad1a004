package dev.ormtask.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.ormtask.task.RegisteredTask;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Fire times of a task's cron in its time zone, read the way Quarkus Scheduler reads them (Quartz syntax). */
final class CronExpressions {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();

    private CronExpressions() {}

    /** The first fire strictly after {@code after}. */
    static Optional<Instant> nextAfter(RegisteredTask task, Instant after) {
        return task.cron().flatMap(cron -> executionTime(cron).nextExecution(ZonedDateTime.ofInstant(after, task.timeZone())))
                .map(ZonedDateTime::toInstant);
    }

    /** The last fire at or before {@code atOrBefore} (fire times are whole seconds). */
    static Optional<Instant> lastAtOrBefore(RegisteredTask task, Instant atOrBefore) {
        ZonedDateTime justAfter = ZonedDateTime.ofInstant(atOrBefore.plusSeconds(1), task.timeZone()).withNano(0);
        return task.cron().flatMap(cron -> executionTime(cron).lastExecution(justAfter)).map(ZonedDateTime::toInstant);
    }

    /** Fire times after {@code after} up to and including {@code upTo}, the latest {@code max} of them, in order. */
    static List<Instant> between(RegisteredTask task, Instant after, Instant upTo, int max) {
        Deque<Instant> fires = new ArrayDeque<>();
        Optional<Instant> next = nextAfter(task, after);
        while (next.isPresent() && !next.get().isAfter(upTo)) {
            fires.addLast(next.get());
            if (fires.size() > max) {
                fires.removeFirst();
            }
            next = nextAfter(task, next.get());
        }
        return List.copyOf(fires);
    }

    private static ExecutionTime executionTime(String cron) {
        return PARSED.computeIfAbsent(cron, c -> ExecutionTime.forCron(PARSER.parse(c)));
    }
}
