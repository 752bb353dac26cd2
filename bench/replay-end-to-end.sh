#!/usr/bin/env bash
# Replay of a 1,000,000-event log by the real sidecar process, end to end (cold start, its own GC settings):
# fills a log through the API in NDJSON batches, stops the sidecar, restarts it ROUNDS times and reports the
# replay time it measures itself (agentobs_event_log_replay_duration_seconds) and the wall time from starting the
# process to /readiness answering 200. Each stop is a clean one, so each restart restores the state snapshot the stop
# wrote; SIDECAR_ENV=Sidecar__Snapshot=false measures full replays instead. 127.0.0.1 only.
#   env: EVENTS=1000000 ROUNDS=3 PORT=19630 SIDECAR_ENV="DOTNET_x=y ..." (runtime knobs for the replay rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-19630}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
start() {
  started_ns=$(date +%s%N)
  env ${SIDECAR_ENV:-} dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$PORT" \
    --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning >>"$work/sidecar.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$PORT/readiness" >/dev/null 2>&1; then
      ready_s=$(awk -v ns=$(( $(date +%s%N) - started_ns )) 'BEGIN { printf "%.1f", ns / 1e9 }')
      return
    fi
    sleep 0.1
  done
  echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

replay_env=${SIDECAR_ENV:-}
SIDECAR_ENV=
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
SIDECAR_ENV=$replay_env
for round in $(seq 1 "$ROUNDS"); do
  start
  seconds=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^agentobs_event_log_replay_duration_seconds / {print $2}')
  replayed=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^agentobs_events_replayed_total / {print $2}')
  restored=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^agentobs_state_snapshot_records / {print $2}')
  echo "round $round: restored $restored events from the state snapshot, replayed $replayed events, in $seconds s (sidecar's own measurement); process start to ready ${ready_s} s (polled every 0.1 s); RSS $(ps -o rss= -p "$pid") KiB"
  stop
done
