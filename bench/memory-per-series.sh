#!/usr/bin/env bash
# Resident memory of the sidecar holding 10,000 and 100,000 series. Each posted task:completed event
# with a new taskType adds one agentobs_task_total series and one agentobs_task_duration_seconds series
# (a 5-bucket histogram), so N/2 distinct task types give N series. 127.0.0.1 only; bounded batches.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-19610}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$PORT" \
  --Sidecar:DataDirectory "$work/data" --Sidecar:MaxSeriesPerFamily 1000000 --Serilog:MinimumLevel:Default Warning >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readiness" >/dev/null 2>&1 && break; sleep 0.2; done
rss() { echo $(( $(ps -o rss= -p "$pid") / 1024 )); }
series() { curl -fs "http://127.0.0.1:$PORT/metrics" | grep -c '^agentobs_task_\(total\|duration_seconds_count\){' || true; }
echo "baseline: series=$(series) rss_mib=$(rss)"
posted=0
for target in 10000 100000; do
  while [ $((posted * 2)) -lt $target ]; do
    python3 - "$posted" > "$work/batch.ndjson" <<'PY'
import sys
start = int(sys.argv[1])
for i in range(start, start + 1000):
    print('{"id":"mem-%d","timestamp":"2026-11-21T10:00:00Z","eventType":"task:completed","entityId":"T-%d","agent":{"model":"m1","role":"impl"},"metadata":{"taskType":"type-%06d","stage":"build","durationSeconds":120}}' % (i, i, i))
PY
    curl -fs -o /dev/null -H 'Content-Type: application/x-ndjson' --data-binary @"$work/batch.ndjson" "http://127.0.0.1:$PORT/api/v1/events"
    posted=$((posted + 1000))
  done
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/metrics"
  echo "series=$(series) (task_total + task_duration_seconds) rss_mib=$(rss) events=$posted"
done
