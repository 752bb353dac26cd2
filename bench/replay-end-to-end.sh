#!/usr/bin/env bash
# Start-up of the real sidecar process on a 1,000,000-event log, end to end (cold start, its own GC settings): fills a
# log through the API in NDJSON batches and stops cleanly; times a plain Python json.loads over the same log's lines (the
# floor any reader of this log pays); then, ROUNDS times each, starts the sidecar and times process start to EVERY
# endpoint answering 200 (/readiness, /metrics, /api/v1/summary, /api/v1/metrics/scoreboard, /api/v1/windows):
#   full:    Sidecar__Snapshot=false, the whole log replayed into every projection
#   restart: after a clean stop, the snapshot restored and nothing replayed
# with the sidecar's own replay time and the resident memory once everything answered. 127.0.0.1 only.
#   env: EVENTS=1000000 ROUNDS=3 PORT=19630 SIDECAR_ENV="DOTNET_x=y ..." (runtime knobs for every measured round)
#        KEEP=DIR keeps the filled data directory in DIR, and a later run with the same KEEP starts from it without filling
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-19630}
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
now_ns() { date +%s%N; }
seconds_since() { awk -v ns=$(( $(now_ns) - $1 )) 'BEGIN { printf "%.2f", ns / 1e9 }'; }
start() {
  started_ns=$(now_ns)
  env ${SIDECAR_ENV:-} "$@" dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$PORT" \
    --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning >>"$work/sidecar.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/readiness" 2>/dev/null; then
      ready_s=$(seconds_since "$started_ns")
      return
    fi
    sleep 0.02
  done
  echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1
}
# Every read endpoint, polled until it answers 200 (a read waits for the projection host, so an answer is a complete one).
all_answer() {
  local path
  for path in readiness metrics api/v1/summary api/v1/metrics/scoreboard api/v1/windows; do
    for _ in $(seq 1 3000); do
      curl -fs -o /dev/null "http://127.0.0.1:$PORT/$path" 2>/dev/null && break
      sleep 0.02
    done
  done
  all_s=$(seconds_since "$started_ns")
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

SIDECAR_ENV_MEASURED=${SIDECAR_ENV:-}
SIDECAR_ENV=
if [ -d "$work/data/events" ]; then
  # Counted by what this start restored or replayed (a start without a usable snapshot replays them all).
  start; all_answer
  stored=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^agentobs_(state_snapshot_records|events_replayed_total) / { n += $2 } END { printf "%d", n }')
  stop
  echo "log (kept): $stored events, $(du -sh "$work/data/events" | cut -f1)"
else
start
python3 - "$EVENTS" "$work/batches" <<'PY'
import sys, os
n = int(sys.argv[1]); out = sys.argv[2]; os.makedirs(out)
models = ["claude-sonnet", "claude-opus", "gpt-5"]; types = ["task:started", "task:completed", "llm:call", "workitem:merged"]
for b in range(0, n, 10000):
    with open(f"{out}/{b:08d}.ndjson", "w") as f:
        for i in range(b, min(n, b + 10000)):
            t = types[i % 4]
            meta = {"task:started": '{"taskType":"impl"}', "task:completed": '{"taskType":"impl","stage":"build","durationSeconds":%d.5}' % (i % 3600),
                    "llm:call": '{"costUsd":0.01}', "workitem:merged": '{"attempts":%d,"project":"p%d"}' % (1 + i % 3, i % 5)}[t]
            f.write('{"id":"r-%d","timestamp":"2026-11-21T10:00:00Z","eventType":"%s","entityId":"T-%d","agent":{"model":"%s","role":"impl","tokens":{"input":1200,"output":300}},"metadata":%s}\n'
                    % (i, t, i // 2, models[i % 3], meta))
PY
for f in "$work"/batches/*.ndjson; do
  curl -fsS -o /dev/null -H 'Content-Type: application/x-ndjson' --data-binary "@$f" "http://127.0.0.1:$PORT/api/v1/events"
done
stored=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^agentobs_events_received_total\{outcome="accepted"\}/ {print $2}')
stop
echo "log: $stored events, $(du -sh "$work/data/events" | cut -f1); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

fi
# The floor: a plain json.loads over every stored event's JSON (the third field of '<length> <crc32c> <json>'), in
# Debian's Python, timed in-process so interpreter start-up is not counted.
python_s=$(/usr/bin/python3 - "$work/data/events" <<'PY'
import glob, json, sys, time
t = time.perf_counter(); n = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.log")):
    with open(path, "rb") as f:
        for line in f:
            line = line.strip(b"\0\n")
            if line:
                json.loads(line.split(b" ", 2)[2]); n += 1
print("%.2f" % (time.perf_counter() - t)); print(n, file=sys.stderr)
PY
)
echo "python3 json.loads over the log's lines: ${python_s} s"

SIDECAR_ENV=$SIDECAR_ENV_MEASURED
for mode in full restart; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ "$mode" = full ]; then start Sidecar__Snapshot=false; else start; fi
    all_answer
    rss=$(ps -o rss= -p "$pid" | tr -d ' ')
    metrics=$(curl -fs "http://127.0.0.1:$PORT/metrics")
    seconds=$(awk '/^agentobs_event_log_replay_duration_seconds / {print $2}' <<<"$metrics")
    replayed=$(awk '/^agentobs_events_replayed_total / {print $2}' <<<"$metrics")
    restored=$(awk '/^agentobs_state_snapshot_records / {print $2}' <<<"$metrics")
    echo "$mode round $round: ready ${ready_s} s, every endpoint answering ${all_s} s (python json.loads ${python_s} s); restored ${restored:-0}, replayed ${replayed:-?} in ${seconds:-?} s (sidecar's own); RSS $((rss / 1024)) MiB ($(awk -v r="$rss" -v n="$stored" 'BEGIN { printf "%.0f", r * 1024 / n }') bytes per stored event)"
    # A full-replay round must not leave a snapshot for the next; a restart round's clean stop writes the one the next restores.
    stop
  done
  if [ "$mode" = full ]; then
    # The restart rounds restore the snapshot of a clean stop with snapshots on: make one.
    start; all_answer; stop
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
