-- NDJSON batches of 1,000 events; every request's ids are unique (the batch number is spliced in).
local counter = 0
local target = os.getenv("TARGET") or "sidecar"
local template

local threads = 0
local run = os.getenv("RUN") or tostring(os.time())

function setup(thread)
  threads = threads + 1
  thread:set("tid", run .. "t" .. threads)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-ndjson"
  local lines = {}
  for i = 1, 1000 do
    if target == "peer" then
      lines[i] = '{"agent_type":"impl","task_type":"spec","stage":"build","success":true,"duration_seconds":120}'
    else
      lines[i] = string.format('{"id":"BATCH-%d","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-%d","agent":{"model":"m1","role":"impl"},"metadata":{"taskType":"spec","stage":"build","durationSeconds":120}}', i, i)
    end
  end
  template = table.concat(lines, "\n") .. "\n"
end

function request()
  counter = counter + 1
  local body = template
  if target ~= "peer" then
    body = template:gsub("BATCH", tid .. "x" .. counter)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d events_per_s=%.0f mean_ms=%.3f p99_ms=%.3f errors=%d status_errors=%d\n",
    summary.requests, summary.requests * 1000 / (summary.duration / 1e6), latency.mean / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
