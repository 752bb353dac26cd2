#!/usr/bin/env bash
# Ingestion throughput, side by side in one run: the sidecar (durable acks: fsync + group commit),
# the seed's Node prom-client design (keeps nothing, checks nothing), a bare Kestrel endpoint that
# only reads the body, and the durable floor: that bare endpoint plus the sidecar's event log storing each body
# line as a record with group commit and fdatasync, nothing parsed. The floor is what durable acks alone cost here.
# wrk on 127.0.0.1 only, bounded by DURATION per run.
# Every server first gets WARMUP seconds of each load, not reported, so all are measured with their code
# already compiled to its final tier (the JIT's tiering and PGO take seconds on two cores).
#   env: DURATION=10 WARMUP=5 CONNECTIONS=16 ROUNDS=2 SIDECAR_PORT=19600 PEER_PORT=19601 BARE_PORT=19602 DURABLE_PORT=19603
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-2}
SIDECAR_PORT=${SIDECAR_PORT:-19600}
PEER_PORT=${PEER_PORT:-19601}
BARE_PORT=${BARE_PORT:-19602}
DURABLE_PORT=${DURABLE_PORT:-19603}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in wrk node npm curl; do command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
dotnet build -c Release bench/Observability.Benchmarks -nologo -v:q >/dev/null
peer_dir=bench/results/promclient-peer
if [ ! -d "$peer_dir/node_modules" ]; then
  mkdir -p "$peer_dir" && cp ../shared/peers/promclient/package*.json ../shared/peers/promclient/server.js "$peer_dir/"
  npm ci --prefix "$peer_dir" --silent >/dev/null
fi

start_sidecar() {
  rm -rf "$work/data"
  dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$SIDECAR_PORT" \
    --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning >"$work/sidecar.log" 2>&1 &
  sidecar_pid=$!
  pids+=("$sidecar_pid")
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$SIDECAR_PORT/readiness" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1
}
start_sidecar
PORT=$PEER_PORT node "$peer_dir/server.js" >"$work/peer.log" 2>&1 & pids+=($!)
dotnet bench/Observability.Benchmarks/bin/Release/net10.0/Observability.Benchmarks.dll bare --port "$BARE_PORT" >"$work/bare.log" 2>&1 & pids+=($!)
dotnet bench/Observability.Benchmarks/bin/Release/net10.0/Observability.Benchmarks.dll durable-bare --port "$DURABLE_PORT" --commit log --parse none >"$work/durable.log" 2>&1 & pids+=($!)
for port in $PEER_PORT $BARE_PORT $DURABLE_PORT; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

run() { # name url script target threads
  local out
  out=$(RUN="$(date +%s%N)" TARGET=$4 wrk -t"$5" -c"$CONNECTIONS" -d"${DURATION}s" -s "bench/$3" "$2" | grep RESULT)
  echo "$1 $out" | tee -a "$work/results"
}

warm() { # url script target threads connections
  RUN="warm$(date +%s%N)" TARGET=$3 wrk -t"$4" -c"$5" -d"${WARMUP}s" -s "bench/$2" "$1" >/dev/null
}
if [ "$WARMUP" -gt 0 ]; then
  warm "http://127.0.0.1:$SIDECAR_PORT/api/v1/events" ingest-single.lua sidecar 2 "$CONNECTIONS"
  warm "http://127.0.0.1:$SIDECAR_PORT/api/v1/events" ingest-batch.lua sidecar 1 4
  warm "http://127.0.0.1:$PEER_PORT/events" ingest-single.lua peer 2 "$CONNECTIONS"
  warm "http://127.0.0.1:$PEER_PORT/events" ingest-batch.lua peer 1 4
  warm "http://127.0.0.1:$BARE_PORT/api/v1/events" ingest-single.lua sidecar 2 "$CONNECTIONS"
  warm "http://127.0.0.1:$DURABLE_PORT/api/v1/events" ingest-single.lua sidecar 2 "$CONNECTIONS"
  warm "http://127.0.0.1:$DURABLE_PORT/api/v1/events" ingest-batch.lua sidecar 1 4
fi

echo "## single-event POSTs, wrk -c$CONNECTIONS, ${DURATION}s x $ROUNDS rounds, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  run "round$round sidecar" "http://127.0.0.1:$SIDECAR_PORT/api/v1/events" ingest-single.lua sidecar 2
  run "round$round peer   " "http://127.0.0.1:$PEER_PORT/events" ingest-single.lua peer 2
  run "round$round bare   " "http://127.0.0.1:$BARE_PORT/api/v1/events" ingest-single.lua sidecar 2
  run "round$round durable" "http://127.0.0.1:$DURABLE_PORT/api/v1/events" ingest-single.lua sidecar 2
done
echo "## NDJSON batches of 1,000, wrk -c4"
CONNECTIONS=4
for round in $(seq 1 "$ROUNDS"); do
  run "round$round sidecar" "http://127.0.0.1:$SIDECAR_PORT/api/v1/events" ingest-batch.lua sidecar 1
  run "round$round peer   " "http://127.0.0.1:$PEER_PORT/events" ingest-batch.lua peer 1
  run "round$round durable" "http://127.0.0.1:$DURABLE_PORT/api/v1/events" ingest-batch.lua sidecar 1
done
stored=$(curl -fs "http://127.0.0.1:$SIDECAR_PORT/metrics" | awk '/^agentobs_events_received_total\{outcome="accepted"\}/ {print $2}')
rejected=$(curl -fs "http://127.0.0.1:$SIDECAR_PORT/metrics" | awk '/^agentobs_events_received_total\{outcome="(rejected|duplicate)"\}/ {s+=$2} END {print s+0}')
[ "${rejected%.*}" -eq 0 ] || echo "WARNING: $rejected events were duplicates or rejected; the figures are not all durable appends" >&2
echo "sidecar stored $stored events durably (duplicates+rejected: $rejected); log: $(du -sh "$work/data" | cut -f1)"
echo "sidecar RSS: $(ps -o rss= -p "$sidecar_pid") KiB"
# Ratios per round, from the lines above: single events carry rps=, batches events_per_s=.
awk '{ split($1, r, "round"); n = r[2]; kind = ($0 ~ /events_per_s=/) ? "batch" : "single";
       match($0, /(rps|events_per_s)=[0-9]+/); v = substr($0, RSTART, RLENGTH); sub(/.*=/, "", v); x[kind, n, $2] = v; rounds[n] = 1 }
     END { for (n in rounds) {
       printf "round %s single: sidecar/peer %.2fx, sidecar/bare %.0f%%, durable floor/bare %.0f%%, sidecar/durable floor %.0f%%\n", n,
         x["single", n, "sidecar"] / x["single", n, "peer"], 100 * x["single", n, "sidecar"] / x["single", n, "bare"],
         100 * x["single", n, "durable"] / x["single", n, "bare"], 100 * x["single", n, "sidecar"] / x["single", n, "durable"];
       printf "round %s batches: sidecar/peer %.2fx, durable floor/peer %.2fx, sidecar/durable floor %.0f%%\n", n,
         x["batch", n, "sidecar"] / x["batch", n, "peer"], x["batch", n, "durable"] / x["batch", n, "peer"],
         100 * x["batch", n, "sidecar"] / x["batch", n, "durable"] } }' "$work/results" | sort -k2n -k3
