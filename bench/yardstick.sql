-- The yardstick: what PostgreSQL itself does per run, as pgbench, with the statements one run of the service issues
-- for the hold-transaction example with {"seconds":0}: three short commits.
-- 1. history: the run is recorded RUNNING (a worker is free)
INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, queued_at, started_at, node, requested_by, attempt) VALUES (gen_random_uuid()::text, 'hold-transaction', 'RUNNING', 'API', '{"seconds":0}', false, now(), now(), 'pgbench', 'bench', 1) RETURNING id \gset
-- 2. the task's own transaction: one entity persisted
INSERT INTO demo_note (id, note_text) VALUES (nextval('demo_note_seq'), 'held by run ' || :id);
-- 3. history: the outcome
UPDATE task_run SET status = 'SUCCEEDED', result = '{"note":1}', finished_at = now(), duration_ms = 0 WHERE id = :id AND status = 'RUNNING';
