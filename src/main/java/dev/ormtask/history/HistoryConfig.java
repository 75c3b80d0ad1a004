package dev.ormtask.history;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where run history lives and how it is read: {@code ormtask.history.*}. */
@ConfigMapping(prefix = "ormtask.history")
public interface HistoryConfig {

    /**
     * {@code ormtask.history.datasource}: the Quarkus datasource holding run history. Unset: {@code postgres}
     * when that datasource is active (its URL is set), else the embedded default.
     */
    Optional<String> datasource();

    /** {@code ormtask.history.max-page-size}: the largest {@code limit} of {@code GET /api/runs}. */
    @WithDefault("500")
    @Min(1)
    int maxPageSize();

    /** {@code ormtask.history.default-page-size}: {@code limit} when a client gives none. */
    @WithDefault("50")
    @Min(1)
    int defaultPageSize();

    /** {@code ormtask.history.max-age}: finished runs older than this are deleted by housekeeping. */
    @WithDefault("90d")
    @DurationMin(seconds = 1)
    java.time.Duration maxAge();

    /** {@code ormtask.history.keep-per-task}: at most this many finished runs per task are kept; unset: no limit. */
    Optional<Integer> keepPerTask();

    /** {@code ormtask.history.cleanup-batch}: rows deleted per statement, so that no delete holds locks for long. */
    @WithDefault("500")
    @Min(1)
    int cleanupBatch();

    /** {@code ormtask.history.cleanup-interval}: how often housekeeping runs. */
    @WithDefault("10m")
    @DurationMin(seconds = 1)
    java.time.Duration cleanupInterval();

    /**
     * {@code ormtask.history.counts-flush-interval}: how often a node adds the runs it settled to the hourly counts
     * the dashboard reads ({@link RunCounts}); counts of a node killed within it are lost.
     */
    @WithDefault("5s")
    @DurationMin(seconds = 1)
    java.time.Duration countsFlushInterval();
}
