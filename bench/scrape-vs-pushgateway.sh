#!/usr/bin/env bash
# Times a full GET /metrics of the ~66,000-line registry (bench/Observability.Benchmarks ScrapeRegistry)
# served by this library, against the same registry built in prometheus-net 8.2.1 and served by
# prometheus-net.AspNetCore (gzip by ASP.NET Core's response compression), a local Pushgateway serving the
# same text (pushed to it from our own dump), and optionally the seed's Node prom-client peer fed the same
# task events. Everything
# binds 127.0.0.1; every load is bounded (wrk -t1 -c1, ROUNDS x DURATION seconds per target and variant,
# about 2 minutes in all); all servers are stopped on exit.
#
# Usage: bench/scrape-vs-pushgateway.sh
# Env:   DURATION=5 ROUNDS=3 WARMUP=3  seconds per measured wrk run, interleaved rounds, warm-up seconds
#        OURS_PORT=19464 PGW_PORT=19091 NODE_PORT=19465 PN_PORT=19466
#        WITH_NODE=auto|1|0            run the Node prom-client peer (auto: if node/npm and the peer exist)
#        PEER_DIR=../shared/peers/promclient   the seed's Node peer; relative paths are from the repository root
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
OURS_PORT=${OURS_PORT:-19464}
PGW_PORT=${PGW_PORT:-19091}
NODE_PORT=${NODE_PORT:-19465}
PN_PORT=${PN_PORT:-19466}
WITH_NODE=${WITH_NODE:-auto}
PEER_DIR=${PEER_DIR:-../shared/peers/promclient}
# Relative to the repository, wherever it is checked out (the peer lives beside it, in the shared folder).
[[ "$PEER_DIR" = /* ]] || PEER_DIR="$ROOT/$PEER_DIR"
PROJECT="$ROOT/bench/Observability.Benchmarks"
DLL="$PROJECT/bin/Release/net10.0/Observability.Benchmarks.dll"
LUA="$ROOT/bench/wrk-report.lua"
RESULTS="$ROOT/bench/results"
WORK=$(mktemp -d /tmp/obs-scrape-bench.XXXXXX)
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

for tool in dotnet curl wrk prometheus-pushgateway awk; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install wrk prometheus-pushgateway curl)"
done

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
for port in "$OURS_PORT" "$PGW_PORT" "$PN_PORT"; do
  port_free "$port" || die "port $port on 127.0.0.1 is already in use"
done

# Waits (at most 60 s) until URL answers 2xx.
wait_for() {
  local url=$1 name=$2 i
  for i in $(seq 1 120); do
    if curl -sf -o /dev/null --max-time 5 "$url"; then
      return 0
    fi
    sleep 0.5
  done
  die "$name did not come up at $url"
}

log "building Release"
dotnet build -c Release "$PROJECT" -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; die "build failed"; }

log "dumping our text exposition"
dotnet "$DLL" dump --out "$WORK/ours.prom" 2>"$WORK/dump.log"

log "starting our server on 127.0.0.1:$OURS_PORT"
dotnet "$DLL" serve --port "$OURS_PORT" >"$WORK/ours.log" 2>&1 &
PIDS+=($!)

log "starting prometheus-net (the same registry) on 127.0.0.1:$PN_PORT"
dotnet "$DLL" serve-prometheus-net --port "$PN_PORT" >"$WORK/prometheus-net.log" 2>&1 &
PIDS+=($!)

log "starting pushgateway on 127.0.0.1:$PGW_PORT (in-memory, no persistence file)"
prometheus-pushgateway --web.listen-address="127.0.0.1:$PGW_PORT" --persistence.file="" --log.level=warn \
  >"$WORK/pushgateway.log" 2>&1 &
PIDS+=($!)

wait_for "http://127.0.0.1:$OURS_PORT/metrics" "our server"
wait_for "http://127.0.0.1:$PGW_PORT/-/ready" "pushgateway"
wait_for "http://127.0.0.1:$PN_PORT/health" "prometheus-net server"

log "pushing $(wc -c <"$WORK/ours.prom") bytes to pushgateway (job=bench)"
curl -sf --max-time 60 -X PUT -H 'Content-Type: text/plain; version=0.0.4' \
  --data-binary @"$WORK/ours.prom" "http://127.0.0.1:$PGW_PORT/metrics/job/bench" \
  || die "push to pushgateway failed: $(cat "$WORK/pushgateway.log")"

# "floor": the same bytes served by our host from memory, prepared at start-up (no collection, no
# compression per request): what the host and the loopback transfer cost alone. Reference only.
TARGETS=(ours prometheus-net pushgateway)
declare -A URL=(
  [ours]="http://127.0.0.1:$OURS_PORT/metrics"
  [prometheus-net]="http://127.0.0.1:$PN_PORT/metrics"
  [pushgateway]="http://127.0.0.1:$PGW_PORT/metrics"
  [floor]="http://127.0.0.1:$OURS_PORT/static-metrics"
)

# The Node prom-client peer has its own metric set, but its POST /events applies the seed's
# executeTask() updates; fed the same events (dotnet ... events) it holds the same 8,000 histogram and
# 2,000 counter series, plus prom-client's default process/nodejs metrics.
run_node=0
if [[ "$WITH_NODE" != 0 ]] && command -v node >/dev/null && command -v npm >/dev/null && [[ -f "$PEER_DIR/server.js" ]]; then
  run_node=1
elif [[ "$WITH_NODE" == 1 ]]; then
  die "WITH_NODE=1 but node, npm or $PEER_DIR/server.js is missing"
fi
if (( run_node )); then
  port_free "$NODE_PORT" || die "port $NODE_PORT on 127.0.0.1 is already in use"
  PEER_COPY="$RESULTS/promclient-peer"
  mkdir -p "$PEER_COPY"
  cp "$PEER_DIR/package.json" "$PEER_DIR/package-lock.json" "$PEER_DIR/server.js" "$PEER_COPY/"
  if [[ ! -d "$PEER_COPY/node_modules/prom-client" ]]; then
    log "npm ci for the prom-client peer"
    (cd "$PEER_COPY" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1) \
      || { cat "$WORK/npm.log" >&2; die "npm ci failed (set WITH_NODE=0 to skip the peer)"; }
  fi
  log "starting the Node prom-client peer on 127.0.0.1:$NODE_PORT"
  (cd "$PEER_COPY" && NODE_ENV=production PORT="$NODE_PORT" exec node server.js) >"$WORK/node.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$NODE_PORT/health" "node peer"
  dotnet "$DLL" events --out "$WORK/events.ndjson"
  log "feeding the peer $(wc -l <"$WORK/events.ndjson") task events"
  curl -sf --max-time 120 -X POST -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$WORK/events.ndjson" "http://127.0.0.1:$NODE_PORT/events" >"$WORK/node-events.json" \
    || die "POST /events to the node peer failed"
  TARGETS+=(node)
  URL[node]="http://127.0.0.1:$NODE_PORT/metrics"
fi

echo
echo "## Same text? (plain GET /metrics of each endpoint)"
printf '%-15s %12s %13s %16s %14s %18s %16s\n' target bytes sample_lines opencode_task_* task_total_sum duration_count_sum other_samples
for t in "${TARGETS[@]}"; do
  curl -sf --max-time 30 -o "$WORK/$t.body" "${URL[$t]}"
  awk -v t="$t" -v bytes="$(wc -c <"$WORK/$t.body")" '
    /^#/ || NF == 0 { next }
    { n++ }
    /^opencode_task_/ { task++ }
    /^opencode_task_total[{ ]/ { total += $NF }
    /^opencode_task_duration_seconds_count[{ ]/ { count += $NF }
    END { printf "%-15s %12d %13d %16d %14d %18d %16d\n", t, bytes, n, task, total, count, n - task }' "$WORK/$t.body"
done | tee "$WORK/lines.txt"
awk 'NR == 1 { ref = $4 } $4 != ref { bad = 1 } END { exit bad }' "$WORK/lines.txt" \
  || die "the endpoints do not serve the same opencode_task_* sample lines"
echo "opencode_task_* sample lines and totals match. 'other_samples' are each server's own extras:"
echo "ours: the library's metric_series self-metrics; prometheus-net: the same two families, mirrored with the"
echo "same values (it has no such self-metrics); pushgateway: those (pushed) plus push_time_seconds,"
echo "push_failure_time_seconds and its own go_/process_/pushgateway_ metrics; node: prom-client default metrics."
echo "Pushgateway also adds instance=\"\",job=\"bench\" to every pushed line and orders labels by name."
cmp -s "$WORK/ours.body" <(curl -sf --max-time 30 "${URL[floor]}") || die "/static-metrics differs from /metrics"
TARGETS+=(floor)

echo
echo "## gzip negotiated?"
for t in "${TARGETS[@]}"; do
  curl -sf --max-time 30 -H 'Accept-Encoding: gzip' -D "$WORK/$t.gz.headers" -o "$WORK/$t.gz.body" "${URL[$t]}"
  enc=$(awk -F': *' 'tolower($1) == "content-encoding" { gsub("\r", "", $2); print $2 }' "$WORK/$t.gz.headers")
  printf '%-15s Content-Encoding: %-6s body %d bytes\n' "$t" "${enc:-none}" "$(wc -c <"$WORK/$t.gz.body")"
  if [[ "$enc" == gzip ]]; then
    echo "$t" >>"$WORK/gzip-targets"
  fi
done

# run_wrk TARGET VARIANT SECONDS: prints wrk's RESULT line (see wrk-report.lua).
run_wrk() {
  local t=$1 variant=$2 seconds=$3 headers=()
  [[ "$variant" == gzip ]] && headers=(-H 'Accept-Encoding: gzip')
  timeout $((seconds + 30)) wrk -t1 -c1 -d"${seconds}s" --timeout 10s --latency -s "$LUA" "${headers[@]}" "${URL[$t]}" \
    >"$WORK/wrk.txt"
  grep '^RESULT' "$WORK/wrk.txt"
}
field() { sed -E "s/.*[ ]$1=([0-9.]+).*/\1/" <<<"$2"; }

# has_variant TARGET VARIANT: plain always; gzip if the target answered with Content-Encoding: gzip.
has_variant() {
  [[ "$2" == plain ]] || grep -qx "$1" "$WORK/gzip-targets" 2>/dev/null
}

echo
echo "## Timing: wrk -t1 -c1, ${ROUNDS} rounds of ${DURATION}s per target and variant, targets interleaved"
echo "load average before timing: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this 2-core machine skews every figure)"
for t in "${TARGETS[@]}"; do
  for variant in plain gzip; do
    if has_variant "$t" "$variant"; then
      run_wrk "$t" "$variant" "$WARMUP" >/dev/null # warm-up (JIT, caches, connection), discarded
    fi
  done
done

declare -A SUM COUNT REQS
printf '%-6s %-8s %-15s %s\n' round variant target result
for round in $(seq 1 "$ROUNDS"); do
  for variant in plain gzip; do
    for t in "${TARGETS[@]}"; do
      has_variant "$t" "$variant" || continue
      line=$(run_wrk "$t" "$variant" "$DURATION")
      printf '%-6s %-8s %-15s %s\n' "$round" "$variant" "$t" "${line#RESULT }"
      errors=$(field errors "$line")
      (( errors == 0 )) || die "$t $variant: $errors errors"
      SUM[$t,$variant]=$(awk -v a="${SUM[$t,$variant]:-0}" -v b="$(field mean_ms "$line")" 'BEGIN { print a + b }')
      COUNT[$t,$variant]=$(( ${COUNT[$t,$variant]:-0} + 1 ))
      REQS[$t,$variant]=$(( ${REQS[$t,$variant]:-0} + $(field requests "$line") ))
    done
  done
done
echo "load average after timing: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "## Result: mean latency of a full scrape (mean of the round means); ratio = target / ours"
echo "(floor = the same bytes from memory through our host: transfer and HTTP cost without collection)"
echo "(verdicts: pushgateway, ours >= 10x faster; prometheus-net, within 20 % of ours, i.e. ratio <= 1.20)"
echo "| variant | target | scrapes | mean ms | ratio vs ours | verdict |"
echo "|---|---|---:|---:|---:|---|"
for variant in plain gzip; do
  [[ -n "${COUNT[ours,$variant]:-}" ]] || continue
  ours=$(awk -v s="${SUM[ours,$variant]}" -v n="${COUNT[ours,$variant]}" 'BEGIN { print s / n }')
  for t in "${TARGETS[@]}"; do
    [[ -n "${COUNT[$t,$variant]:-}" ]] || continue
    mean=$(awk -v s="${SUM[$t,$variant]}" -v n="${COUNT[$t,$variant]}" 'BEGIN { print s / n }')
    ratio=$(awk -v a="$mean" -v b="$ours" 'BEGIN { printf "%.2f", a / b }')
    verdict=""
    if [[ "$t" == pushgateway ]]; then
      verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 10 ? "PASS (>= 10x)" : "MISS (>= 10x)") }')
    elif [[ "$t" == prometheus-net ]]; then
      verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2 ? "within 20 %" : "slower by more than 20 %") }')
    fi
    printf '| %s | %s | %d | %.2f | %sx | %s |\n' "$variant" "$t" "${REQS[$t,$variant]}" "$mean" "$ratio" "$verdict"
  done
done
