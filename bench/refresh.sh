#!/usr/bin/env bash
# Online refresh of a 1,000,000-event log, end to end with the real binaries: fills a log through the sidecar's API in
# NDJSON batches (16 MiB segments, the generator of compact.sh) and keeps the sidecar running; then times
# `agentobs refresh` (POST /api/v1/admin/refresh: a second host folds the whole log, then every projection takes its
# state under the host's lock), while a reader polls /api/v1/summary every 50 ms (the slowest answer during the refresh
# is the swap's cost to reads) and a writer posts 100-event batches (none may be refused or lost). 127.0.0.1 only.
#   env: EVENTS=1000000 PORT=19641 KEEP=DIR (keeps the filled directory; a later run with the same KEEP reuses it)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
PORT=${PORT:-19641}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/Observability.Cli -nologo -v:q >/dev/null
sidecar=src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll
agentobs=src/Observability.Cli/bin/Release/net10.0/agentobs.dll
url="http://127.0.0.1:$PORT"
now_ns() { date +%s%N; }
seconds_since() { awk -v ns=$(( $(now_ns) - $1 )) 'BEGIN { printf "%.2f", ns / 1e9 }'; }
start() {
  dotnet "$sidecar" --urls "$url" --Sidecar:DataDirectory "$1" --Sidecar:SegmentMaxBytes 16777216 \
    --Serilog:MinimumLevel:Default Warning >>"$work/sidecar.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do
    curl -fs -o /dev/null "$url/readiness" 2>/dev/null && curl -fs -o /dev/null "$url/api/v1/summary" && return
    sleep 0.02
  done
  echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

start "$work/data"
if [ ! -f "$work/filled" ]; then
  python3 - "$EVENTS" "$work/batches" <<'PY'
import sys, os
n = int(sys.argv[1]); out = sys.argv[2]; os.makedirs(out, exist_ok=True)
models = ["claude-sonnet", "claude-opus", "gpt-5"]; types = ["task:started", "task:completed", "llm:call", "workitem:merged"]
for b in range(0, n, 10000):
    with open(f"{out}/{b:08d}.ndjson", "w") as f:
        for i in range(b, min(n, b + 10000)):
            t = types[i % 4]; day = "2026-11-20" if i < n * 0.8 else "2026-11-21"
            meta = {"task:started": '{"taskType":"impl"}', "task:completed": '{"taskType":"impl","stage":"build","durationSeconds":%d.5}' % (i % 3600),
                    "llm:call": '{"costUsd":0.01}', "workitem:merged": '{"attempts":%d,"project":"p%d"}' % (1 + i % 3, i % 5)}[t]
            f.write('{"id":"c-%d","timestamp":"%sT10:00:00Z","eventType":"%s","entityId":"T-%d","agent":{"model":"%s","role":"impl","tokens":{"input":1200,"output":300}},"metadata":%s}\n'
                    % (i, day, t, i // 2, models[i % 3], meta))
PY
  for f in "$work"/batches/*.ndjson; do
    curl -fsS -o /dev/null -H 'Content-Type: application/x-ndjson' --data-binary "@$f" "$url/api/v1/events"
  done
  touch "$work/filled"
fi
echo "log: $(ls "$work/data/events"/*.log | wc -l) segments, $(du -sh "$work/data/events" | cut -f1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# A reader (slowest answer) and a writer (bounded: at most 200 batches of 100 events) while the refresh runs.
python3 - "$url" "$work" <<'PY' &
import json, os, sys, time, urllib.request, threading
url, work = sys.argv[1], sys.argv[2]
stop = time.time() + 3600; slowest = 0.0; reads = 0; written = 0; refused = 0
def writer():
    global written, refused
    for b in range(200):
        if time.time() > stop or os.path.exists(work + "/refreshed"): break
        body = "".join('{"id":"w-%d-%d-%d","timestamp":"2026-11-21T11:00:00Z","eventType":"task:started","entityId":"W-%d","metadata":{"taskType":"impl"}}\n' % (os.getpid(), b, i, b * 100 + i) for i in range(100)).encode()
        req = urllib.request.Request(url + "/api/v1/events", data=body, headers={"Content-Type": "application/x-ndjson"})
        answer = json.load(urllib.request.urlopen(req, timeout=120)); written += answer["accepted"]; refused += 100 - answer["accepted"]
        time.sleep(0.05)
w = threading.Thread(target=writer); w.start()
while not os.path.exists(work + "/refreshed"):
    t = time.time(); urllib.request.urlopen(url + "/api/v1/summary", timeout=120).read(); slowest = max(slowest, time.time() - t); reads += 1
    time.sleep(0.05)
w.join()
print(f"during the refresh: {reads} summary reads, slowest {slowest:.3f} s; {written} events written, {refused} refused")
PY
probe=$!
sleep 1
t=$(now_ns)
AGENTOBS_PROGRESS_INTERVAL_MS=100000 dotnet "$agentobs" refresh --url "$url" 2>/dev/null
echo "agentobs refresh (online): $(seconds_since "$t") s end to end"
touch "$work/refreshed"
wait "$probe"
rm -f "$work/refreshed"
curl -fs "$url/metrics" | grep -E '^agentobs_(refreshes_total|task_started_total)' | head -5
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
