-- Who asked for a run: the caller's reference (X-Caller-Ref, e.g. airflow:dag/run/task/try or k8s:namespace/job)
-- and its W3C trace context (traceparent, version 00: 55 characters), so that a run can be found from the DAG run,
-- Job or trace that started it, and executed as a span of that trace on whichever replica runs it.
-- Runs started without them (cron fires, older clients) leave both NULL.
ALTER TABLE task_run ADD COLUMN caller_ref VARCHAR(200);
ALTER TABLE task_run ADD COLUMN traceparent VARCHAR(55);
-- GET /api/runs?caller=…: newest first within one caller reference, like the other filters' indexes.
CREATE INDEX ix_task_run_caller ON task_run (caller_ref, id);
