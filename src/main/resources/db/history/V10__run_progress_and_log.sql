-- What a running task reports about itself: its progress (one row per run, overwritten) and the lines it logs
-- through ctx.log() (the newest ormtask.runlog.max-lines of them). Written by the executing node outside the task's
-- transaction, so a rollback keeps them, and in tables of their own, so that these writes never contend with the
-- engine's writes of the run's task_run row.
CREATE TABLE run_progress (
    run_id      VARCHAR(36)       NOT NULL,
    done_count  BIGINT            NOT NULL,
    total_count BIGINT,
    message     VARCHAR(500),
    updated_at  ${timestamp_type} NOT NULL,
    -- How many times the row was written: the throttle (one write per run and second at most) can be checked.
    write_count INTEGER           NOT NULL,
    CONSTRAINT pk_run_progress PRIMARY KEY (run_id)
);

-- seq counts the run's lines from 1; older lines are deleted as newer ones arrive, so MIN(seq) - 1 lines were dropped.
CREATE TABLE run_log (
    run_id    VARCHAR(36)       NOT NULL,
    seq       INTEGER           NOT NULL,
    logged_at ${timestamp_type} NOT NULL,
    log_level VARCHAR(8)        NOT NULL,
    message   ${text_type}      NOT NULL,
    CONSTRAINT pk_run_log PRIMARY KEY (run_id, seq)
);
