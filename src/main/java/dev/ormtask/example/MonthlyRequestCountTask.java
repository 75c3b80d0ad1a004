package dev.ormtask.example;

import dev.ormtask.task.OrmTask;
import dev.ormtask.task.ParamType;
import dev.ormtask.task.Task;
import dev.ormtask.task.TaskContext;
import dev.ormtask.task.TaskParam;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

/** Counts a month's requests into {@link MonthlyRequestReport}: the job of the original Airflow recipe. */
@ApplicationScoped
@Task(
        name = "monthly-request-count",
        datasource = "app",
        description = "Aggregates request_log into one monthly_request_report row (default: the previous month)",
        cron = "0 0 2 1 * ?",
        timeout = "10m",
        params = @TaskParam(name = "month", type = ParamType.DATE,
                description = "Any day of the month to count, e.g. 2026-10-01; default: last month"))
public class MonthlyRequestCountTask implements OrmTask {

    private final Clock clock;

    MonthlyRequestCountTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Object run(TaskContext ctx) {
        LocalDate month = (ctx.params().has("month") ? ctx.params().date("month") : LocalDate.now(clock).minusMonths(1))
                .withDayOfMonth(1);
        long count = RequestLog.count("requestedAt >= ?1 and requestedAt < ?2",
                month.atStartOfDay(), month.plusMonths(1).atStartOfDay());

        MonthlyRequestReport report = MonthlyRequestReport.<MonthlyRequestReport>find("monthStart", month)
                .firstResultOptional()
                .orElseGet(MonthlyRequestReport::new);
        report.monthStart = month;
        report.requestCount = count;
        report.computedAt = LocalDateTime.now(clock);
        report.persist();

        ctx.log().infof("%s had %d requests", month, count);
        return Map.of("month", month.toString().substring(0, 7), "requests", count);
    }
}
