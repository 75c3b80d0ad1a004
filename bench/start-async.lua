-- Accepted runs, not waited for: POST with Prefer: respond-async, answered 202 once the QUEUED (or RUNNING) row is
-- durable. The runs carry the caller reference bench:async, by which bench/run counts them in history and stops wrk
-- (SIGINT) once enough were accepted.
wrk.method = "POST"
wrk.path = "/api/tasks/hold-transaction/runs"
wrk.body = '{"seconds":0}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Prefer"] = "respond-async"
wrk.headers["X-Caller-Ref"] = "bench:async"
