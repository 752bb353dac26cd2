-- NDJSON batches of 1,000 events; every request's ids are unique (the batch number is spliced into each line).
local counter = 0
local target = os.getenv("TARGET") or "sidecar"
local template
local pieces = {}

local threads = 0
local run = os.getenv("RUN") or tostring(os.time())

function setup(thread)
  threads = threads + 1
  thread:set("tid", run .. "t" .. threads)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-ndjson"
  if target == "peer" then
    local lines = {}
    for i = 1, 1000 do
      lines[i] = '{"agent_type":"impl","task_type":"spec","stage":"build","success":true,"duration_seconds":120}'
    end
    template = table.concat(lines, "\n") .. "\n"
    return
  end
  -- The body is kept as fixed pieces around each line's unique part: a request fills in its batch prefix and
  -- concatenates, which costs the client a copy of the body instead of a pattern substitution over it. The client
  -- shares the two cores with the server, so its cost per request is the server's loss.
  for i = 1, 1000 do
    pieces[4 * i - 3] = '{"id":"'
    pieces[4 * i - 2] = ""
    pieces[4 * i - 1] = string.format('-%d","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-%d","agent":{"model":"m1","role":"impl"},"metadata":{"taskType":"spec","stage":"build","durationSeconds":120}}', i, i)
    pieces[4 * i] = "\n"
  end
end

function request()
  counter = counter + 1
  local body = template
  if target ~= "peer" then
    local prefix = tid .. "x" .. counter
    for i = 1, 1000 do
      pieces[4 * i - 2] = prefix
    end
    body = table.concat(pieces)
  end
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d events_per_s=%.0f mean_ms=%.3f p99_ms=%.3f errors=%d status_errors=%d\n",
    summary.requests, summary.requests * 1000 / (summary.duration / 1e6), latency.mean / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
