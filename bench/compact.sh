#!/usr/bin/env bash
# Compaction of a 1,000,000-event log, end to end with the real binaries: fills a log through the sidecar's API in
# NDJSON batches (the first 80% of the events a day older than the rest, 16 MiB segments) and stops it cleanly; then
# times `agentobs compact --before` (archive gzip + the fold of the sidecar's projection host to the cut + base
# snapshot), the sizes before and after, `agentobs verify`, and the sidecar's start-up (base snapshot restored, only
# the live records replayed; state snapshot removed so the base is what it restores). 127.0.0.1 only.
#   env: EVENTS=1000000 PORT=19640 KEEP=DIR (keeps the filled directory; a later run with the same KEEP copies it)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
PORT=${PORT:-19640}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/Observability.Cli -nologo -v:q >/dev/null
sidecar=src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll
agentobs=src/Observability.Cli/bin/Release/net10.0/agentobs.dll
now_ns() { date +%s%N; }
seconds_since() { awk -v ns=$(( $(now_ns) - $1 )) 'BEGIN { printf "%.2f", ns / 1e9 }'; }
start() {
  started_ns=$(now_ns)
  dotnet "$sidecar" --urls "http://127.0.0.1:$PORT" --Sidecar:DataDirectory "$1" --Sidecar:SegmentMaxBytes 16777216 \
    --Serilog:MinimumLevel:Default Warning >>"$work/sidecar.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/readiness" 2>/dev/null && curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/v1/summary" && { ready_s=$(seconds_since "$started_ns"); return; }
    sleep 0.02
  done
  echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

if [ ! -d "$work/filled/events" ]; then
  start "$work/filled"
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
    curl -fsS -o /dev/null -H 'Content-Type: application/x-ndjson' --data-binary "@$f" "http://127.0.0.1:$PORT/api/v1/events"
  done
  stop
fi
rm -rf "$work/data"; cp -a "$work/filled" "$work/data"
echo "log: $(ls "$work/data/events"/*.log | wc -l) segments, $(du -sh "$work/data/events" | cut -f1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$work/data/state.snapshot"
t=$(now_ns)
AGENTOBS_PROGRESS_INTERVAL_MS=100000 dotnet "$agentobs" compact --data-dir "$work/data" --before 2026-11-21T00:00:00Z 2>/dev/null
echo "compact: $(seconds_since "$t") s; archive $(du -sh "$work/data/archive" | cut -f1) in $(ls "$work/data/archive"/*.jsonl.gz | wc -l) files, live log $(du -sh "$work/data/events" | cut -f1), base snapshot $(du -h "$work/data/base.snapshot" | cut -f1)"
t=$(now_ns)
dotnet "$agentobs" verify --data-dir "$work/data" | tail -1
echo "verify: $(seconds_since "$t") s"
start "$work/data"
metrics=$(curl -fs "http://127.0.0.1:$PORT/metrics")
echo "start after compaction: every endpoint after ${ready_s} s; replayed $(awk '/^agentobs_events_replayed_total / {print $2}' <<<"$metrics") live records in $(awk '/^agentobs_event_log_replay_duration_seconds / {print $2}' <<<"$metrics") s"
stop
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
