-- One synchronous run per request: POST /api/tasks/hold-transaction/runs, answered 200 when the run has committed.
wrk.method = "POST"
wrk.path = "/api/tasks/hold-transaction/runs"
wrk.body = '{"seconds":0}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
