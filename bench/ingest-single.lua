-- One event per POST with a unique id per request (wrk thread id + counter), so every event is stored.
-- TARGET=sidecar sends the sidecar's envelope; TARGET=peer the prom-client peer's flat form.
local counter = 0
local thread_id = 0
local target = os.getenv("TARGET") or "sidecar"
local threads = {}
local run = os.getenv("RUN") or tostring(os.time())

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  -- AUTHORIZATION="Bearer TOKEN" sends a token (the sidecar then stamps its name as each event's source).
  if os.getenv("AUTHORIZATION") then
    wrk.headers["Authorization"] = os.getenv("AUTHORIZATION")
  end
  wrk.method = "POST"
  if target == "peer" then
    wrk.headers["Content-Type"] = "application/x-ndjson"
  else
    wrk.headers["Content-Type"] = "application/json"
  end
end

function request()
  counter = counter + 1
  local body
  if target == "peer" then
    body = '{"agent_type":"impl","task_type":"spec","stage":"build","success":true,"duration_seconds":120}'
  else
    body = string.format('{"id":"w%s-%d-%d","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-%d","agent":{"model":"m1","role":"impl"},"metadata":{"taskType":"spec","stage":"build","durationSeconds":120}}',
      run, tid, counter, counter % 1000)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.0f mean_ms=%.3f p99_ms=%.3f errors=%d status_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency.mean / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
