-- Accepted runs, not waited for: POST with Prefer: respond-async, answered 202 once the QUEUED (or RUNNING) row is
-- durable (200 if the run had already succeeded). The runs carry the caller reference bench:async, by which bench/run
-- counts them in history. Each wrk thread stops once it has BENCH_ASYNC_PER_THREAD such answers and says so with a
-- file in BENCH_ASYNC_DONE_DIR, so that bench/run knows when enough were accepted without asking the database (a count
-- every 0.2 s took a tenth of a core from the drain it measures). Refusals (503) do not count; bench/run reports them.
wrk.method = "POST"
wrk.path = "/api/tasks/hold-transaction/runs"
wrk.body = '{"seconds":0}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Prefer"] = "respond-async"
wrk.headers["X-Caller-Ref"] = "bench:async"

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local limit = tonumber(os.getenv("BENCH_ASYNC_PER_THREAD") or "0")
local done_dir = os.getenv("BENCH_ASYNC_DONE_DIR")
local accepted = 0
function response(status, headers, body)
  if status >= 200 and status < 300 then
    accepted = accepted + 1
    if accepted == limit then
      local f = io.open(done_dir .. "/accepted-" .. thread_id, "w")
      f:write(accepted)
      f:close()
      wrk.thread:stop()
    end
  end
end
