-- The ceiling: a run's own transaction and nothing else, as pgbench. Each run of the hold-transaction example with
-- {"seconds":0} commits this much in the task's database whatever engine carries it: the task's entity and the commit
-- marker (ormtask.run.commit-markers; bench/run drops that line when they are off), in one transaction. No HTTP, no
-- run history, no queue, no JVM: the most runs a second any engine that gives each run its own transaction could
-- reach on this machine and server.
BEGIN;
INSERT INTO demo_note (id, note_text) VALUES (nextval('demo_note_seq'), 'held by run x');
INSERT INTO ormtask_commit_marker (run_id, committed_ms, kind) VALUES (gen_random_uuid()::text, 0, 'C');
COMMIT;
