-- Scheduling. A cron fire is identified by (task_name, scheduled_at): the unique index lets exactly one replica
-- record each fire, whatever the number of replicas. API runs leave scheduled_at NULL, which the index allows many of.
ALTER TABLE task_run ADD COLUMN scheduled_at ${timestamp_type};
-- Set by POST /api/runs/{id}/cancel or a REPLACE start for a run executing on another node, which polls for it.
ALTER TABLE task_run ADD COLUMN cancel_requested BOOLEAN DEFAULT FALSE NOT NULL;
CREATE UNIQUE INDEX ux_task_run_fire ON task_run (task_name, scheduled_at);

-- Per-task state shared by every replica: paused or not (and since when), and the active run of a FORBID/REPLACE
-- task. A fire due before the last pause/resume is never run after it, however late its replica is.
CREATE TABLE task_state (
    task_name           VARCHAR(64)       NOT NULL,
    paused              BOOLEAN           NOT NULL,
    schedule_changed_at ${timestamp_type} NOT NULL,
    active_run_id  VARCHAR(36),
    active_fire_at ${timestamp_type},
    updated_at     ${timestamp_type} NOT NULL,
    CONSTRAINT pk_task_state PRIMARY KEY (task_name)
);
