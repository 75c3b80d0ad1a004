-- PostgreSQL only (location db/history-postgresql, read for the "postgres" history datasource after db/history).
-- Three indexes of task_run are on columns most runs leave NULL: a cron fire's time, an Idempotency-Key, a caller
-- reference. Each status change of a run writes a new entry into every index of the table (status is indexed, so no
-- update is HOT), and the entries for NULLs serve no query: every lookup names a value. Here they hold only the rows
-- that have one: two or three fewer index entries per write of a run (bench/README.md). Uniqueness is unchanged, NULLs
-- never conflicted; the table stays locked from the first DROP to the commit, so nothing is inserted unchecked.
DROP INDEX ux_task_run_fire;
CREATE UNIQUE INDEX ux_task_run_fire ON task_run (task_name, scheduled_at) WHERE scheduled_at IS NOT NULL;
DROP INDEX ux_task_run_idempotency;
CREATE UNIQUE INDEX ux_task_run_idempotency ON task_run (task_name, idempotency_key) WHERE idempotency_key IS NOT NULL;
DROP INDEX ix_task_run_caller;
CREATE INDEX ix_task_run_caller ON task_run (caller_ref, id) WHERE caller_ref IS NOT NULL;
