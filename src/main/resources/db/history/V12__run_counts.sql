-- Finished runs per hour, task and status, for the dashboard's 24 h counts: each node counts the runs it settles in
-- memory and adds its counts here every few seconds, so that reading them never counts over task_run.
CREATE TABLE run_count_hourly (
    hour_start      ${timestamp_type} NOT NULL,
    task_name       VARCHAR(64)       NOT NULL,
    status          VARCHAR(16)       NOT NULL,
    runs            BIGINT            NOT NULL,
    -- Of those, the runs that started (and so have a duration), and the sum of their durations.
    timed_runs      BIGINT            NOT NULL,
    duration_ms_sum BIGINT            NOT NULL,
    CONSTRAINT pk_run_count_hourly PRIMARY KEY (hour_start, task_name, status)
);
