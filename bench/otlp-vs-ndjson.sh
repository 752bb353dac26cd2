#!/usr/bin/env bash
# OTLP log records over http/protobuf in batches of 512 (Claude Code records: an API request, a tool decision, a tool
# result in turn; 4 catalogue events per 3 records) beside the native NDJSON path (batches of 1,000 events), on the
# same sidecar in the same run: every figure is durably stored (fsync, group commit) before the 200. wrk on 127.0.0.1
# only, bounded by DURATION per run; WARMUP seconds of each load first, not reported.
#   env: DURATION=10 WARMUP=5 CONNECTIONS=4 ROUNDS=2 SIDECAR_PORT=19610
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-4}
ROUNDS=${ROUNDS:-2}
SIDECAR_PORT=${SIDECAR_PORT:-19610}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
dotnet build -c Release bench/Observability.Benchmarks -nologo -v:q >/dev/null
dotnet bench/Observability.Benchmarks/bin/Release/net10.0/Observability.Benchmarks.dll otlp-template --out "$work/otlp-logs.pb" --batch 512

dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$SIDECAR_PORT" \
  --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning >"$work/sidecar.log" 2>&1 &
sidecar_pid=$!
pids+=("$sidecar_pid")
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$SIDECAR_PORT/readiness" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$SIDECAR_PORT/readiness" >/dev/null || { echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1; }

# The sidecar's CPU time (user + system, in clock ticks) from /proc: with the items a run stored, CPU per item, a figure
# that holds on a machine shared with other work, where the wall-clock rate does not.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$sidecar_pid/stat"; }
tick_hz=$(getconf CLK_TCK)

run() { # name path script seconds
  local before result after
  before=$(cpu_ticks)
  result=$(RUN="$(date +%s%N)" TARGET=sidecar TEMPLATE="$work/otlp-logs.pb" BATCH=512 \
    wrk -t1 -c"$CONNECTIONS" -d"${4}s" -s "bench/$3" "http://127.0.0.1:$SIDECAR_PORT$2" | grep RESULT)
  after=$(cpu_ticks)
  # requests x batch size: 1,000 events per NDJSON request, 512 records per OTLP request.
  echo "$result" | awk -v name="$1" -v ticks=$((after - before)) -v hz="$tick_hz" -v per="$([ "$3" = otlp-batch.lua ] && echo 512 || echo 1000)" '{
    split($2, r, "="); items = r[2] * per; us = 0; if (items) us = ticks * 1000000 / hz / items;
    printf "%s %s sidecar_cpu_us_per_item=%.2f\n", name, $0, us }'
}

if [ "$WARMUP" -gt 0 ]; then
  run warm-ndjson /api/v1/events ingest-batch.lua "$WARMUP" >/dev/null
  run warm-otlp /v1/logs otlp-batch.lua "$WARMUP" >/dev/null
fi
echo "## wrk -t1 -c$CONNECTIONS, ${DURATION}s x $ROUNDS rounds, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  run "round$round ndjson-1000" /api/v1/events ingest-batch.lua "$DURATION"
  run "round$round otlp-pb-512" /v1/logs otlp-batch.lua "$DURATION"
done
metrics=$(curl -fs "http://127.0.0.1:$SIDECAR_PORT/metrics")
echo "$metrics" | grep -E '^agentobs_inbound_items_total\{kind="otlp.log"' || true
echo "$metrics" | grep -E '^agentobs_events_received_total' || true
bad=$(echo "$metrics" | awk '/^agentobs_inbound_items_total\{kind="otlp.log",outcome="(rejected|duplicate|ignored)"\}/ {s+=$2} END {print s+0}')
[ "${bad%.*}" -eq 0 ] || echo "WARNING: $bad OTLP records were not stored as new events; the figures are not all durable appends" >&2
echo "log: $(du -sh "$work/data" | cut -f1); sidecar RSS: $(ps -o rss= -p "$sidecar_pid") KiB"
