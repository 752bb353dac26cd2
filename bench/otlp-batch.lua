-- OTLP/HTTP logs, protobuf, batches of BATCH (512) Claude Code records from TEMPLATE (written by the benchmarks'
-- otlp-template mode); every request's records are new: the template's session id is replaced by one of the same
-- length unique to the request, so the protobuf stays valid and session.id + event.sequence never repeats.
local counter = 0
local pieces = {}
local slots = {}
local threads = 0
local run = os.getenv("RUN") or tostring(os.time())
local batch = tonumber(os.getenv("BATCH") or "512")
local placeholder = "SESSIONSESSIONSESSIONSESSIONSESS"

function setup(thread)
  threads = threads + 1
  thread:set("tid", string.sub(run, -10) .. "t" .. threads)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-protobuf"
  local file = assert(io.open(os.getenv("TEMPLATE"), "rb"))
  local template = file:read("*a")
  file:close()
  local at = 1
  while true do
    local s, e = string.find(template, placeholder, at, true)
    if not s then break end
    pieces[#pieces + 1] = string.sub(template, at, s - 1)
    pieces[#pieces + 1] = ""
    slots[#slots + 1] = #pieces
    at = e + 1
  end
  pieces[#pieces + 1] = string.sub(template, at)
end

function request()
  counter = counter + 1
  local id = string.sub(string.format("%s-%d%s", tid, counter, string.rep("x", 32)), 1, 32)
  for _, slot in ipairs(slots) do
    pieces[slot] = id
  end
  return wrk.format(nil, nil, nil, table.concat(pieces))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d records_per_s=%.0f mean_ms=%.3f p99_ms=%.3f errors=%d status_errors=%d\n",
    summary.requests, summary.requests * batch * 1000000 / summary.duration, latency.mean / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
