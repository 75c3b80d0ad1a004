package dev.ormtask.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Max;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the API gives the dashboard's health views: {@code ormtask.dashboard.*}. */
@ConfigMapping(prefix = "ormtask.dashboard")
public interface DashboardConfig {

    /**
     * {@code ormtask.dashboard.recent-runs}: how many of each task's newest runs {@code GET /api/tasks} lists (its
     * strip of outcomes and duration sparkline); 1 to 100.
     */
    @WithDefault("20")
    @Min(1)
    @Max(100)
    int recentRuns();
}
