-- 10,000,000 runs (psql variable :rows) spread over the last 90 days, as the service writes them: UUIDv7 ids made
-- from each run's queue time (time-ordered, like RunIds), the four example tasks of a default build and 16 other
-- names (runs of tasks another version of the service registers). Most succeed; a few fail, time out, are cancelled
-- or skipped; the newest few hundred are still running or queued.
\set ON_ERROR_STOP 1
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';

INSERT INTO task_run (id, task_name, status, trigger_type, params, dry_run, result, error_message, queued_at,
                      started_at, finished_at, duration_ms, node, requested_by, attempt)
SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || lpad(to_hex((g % 4096)::int), 3, '0') || '-'
           || substr('89ab', 1 + (g % 4)::int, 1) || substr(r, 1, 3) || '-' || substr(r, 4, 12),
       task, status, trig, '{"month":"2026-10-01"}', false,
       CASE WHEN status = 'SUCCEEDED' THEN '{"month":"2026-10","requests":3}' END,
       CASE WHEN status IN ('FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED') THEN 'generated: ' || lower(status) END,
       queued, CASE WHEN status <> 'QUEUED' AND status <> 'SKIPPED' THEN queued END,
       CASE WHEN status NOT IN ('QUEUED', 'RUNNING') THEN queued + make_interval(secs => dur / 1000.0) END,
       CASE WHEN status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED') THEN dur END,
       'node-' || (g % 3), 'airflow', 1
FROM (
    SELECT g, q AS queued,
           lpad(to_hex((extract(epoch FROM q) * 1000)::bigint), 12, '0') AS h,
           md5(g::text) AS r,
           (ARRAY['monthly-request-count', 'purge-expired-sessions', 'fail-on-purpose', 'hold-transaction'])[(1 + g % 4)::int]
               AS task0,
           -- Every fifth run, and the runs still in flight (which no node of this build may claim), belong to tasks
           -- of another version of the service.
           CASE WHEN g % 5 = 0 OR g > :rows - 300 THEN 'etl-' || lpad((g % 16)::text, 2, '0') END AS other,
           CASE
               WHEN g > :rows - 100 THEN 'QUEUED'
               WHEN g > :rows - 300 THEN 'RUNNING'
               WHEN g % 100 < 6 THEN 'FAILED'
               WHEN g % 100 = 6 THEN 'TIMED_OUT'
               WHEN g % 100 = 7 THEN 'CANCELLED'
               WHEN g % 100 IN (8, 9) THEN 'SKIPPED'
               ELSE 'SUCCEEDED'
           END AS status,
           CASE WHEN g % 7 = 0 THEN 'SCHEDULE' ELSE 'API' END AS trig,
           20 + (g * 7919) % 5000 AS dur
    FROM generate_series(1::bigint, :rows) AS g,
         LATERAL (SELECT (now() AT TIME ZONE 'UTC') - interval '90 days'
                         + (interval '90 days' - interval '1 minute') * (g::double precision / :rows) AS q) AS t
) AS generated,
LATERAL (SELECT coalesce(other, task0) AS task) AS named;

-- The nodes that ran them are alive (their runs are not settled as abandoned during the measurement).
INSERT INTO node_heartbeat (node, beat_at)
SELECT 'node-' || n, (now() AT TIME ZONE 'UTC') + interval '1 day' FROM generate_series(0, 2) AS n
ON CONFLICT (node) DO UPDATE SET beat_at = EXCLUDED.beat_at;

-- What the nodes' RunCounts would have written: finished runs per hour, task and status (added to what the running
-- service may have written meanwhile).
INSERT INTO run_count_hourly (hour_start, task_name, status, runs, timed_runs, duration_ms_sum)
SELECT date_trunc('hour', finished_at), task_name, status, count(*), count(duration_ms), coalesce(sum(duration_ms), 0)
FROM task_run WHERE status NOT IN ('QUEUED', 'RUNNING') AND finished_at IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT (hour_start, task_name, status) DO UPDATE SET runs = run_count_hourly.runs + EXCLUDED.runs,
    timed_runs = run_count_hourly.timed_runs + EXCLUDED.timed_runs,
    duration_ms_sum = run_count_hourly.duration_ms_sum + EXCLUDED.duration_ms_sum;

INSERT INTO task_state (task_name, paused, schedule_changed_at, updated_at)
SELECT name, false, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM unnest(ARRAY['monthly-request-count', 'purge-expired-sessions', 'fail-on-purpose', 'hold-transaction']) AS name
ON CONFLICT DO NOTHING;

-- As autovacuum would after such a load: statistics for the planner, the visibility map for index-only scans.
VACUUM (ANALYZE) task_run;
VACUUM (ANALYZE) run_count_hourly;
