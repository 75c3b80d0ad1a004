-- Idempotency-Key of POST /api/tasks/{name}/runs: one run per (task, key), race-free through the unique index.
-- Runs without a key leave it NULL, which the index allows many of.
ALTER TABLE task_run ADD COLUMN idempotency_key VARCHAR(200);
CREATE UNIQUE INDEX ux_task_run_idempotency ON task_run (task_name, idempotency_key);
