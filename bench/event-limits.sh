#!/usr/bin/env bash
# What the events-per-second buckets and the daily event quota cost on the write path: single-event POSTs with a
# token, against a sidecar without event limits and one whose token has a bucket and a daily quota too large to
# refuse anything (so every request pays the admission, the reservation and the quota file's atomic replacement).
# wrk on 127.0.0.1 only, bounded by DURATION per run; the two sidecars alternate for ROUNDS rounds.
#   env: DURATION=10 WARMUP=5 CONNECTIONS=16 ROUNDS=2 PORT=19610
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-19610}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in wrk curl sha256sum; do command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
token="bench-$(date +%s%N)"
hash=$(printf %s "$token" | sha256sum | cut -d' ' -f1)

start() { # extra arguments
  rm -rf "$work/data"
  dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$PORT" \
    --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning \
    --Auth:Tokens:0:Name bench --Auth:Tokens:0:Sha256 "$hash" --Auth:Tokens:0:Scopes:0 ingest "$@" >"$work/sidecar.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readiness" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "sidecar did not become ready" >&2; cat "$work/sidecar.log" >&2; exit 1
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

load() { # name seconds
  AUTHORIZATION="Bearer $token" RUN="$1$(date +%s%N)" TARGET=sidecar \
    wrk -t2 -c"$CONNECTIONS" -d"$2s" -s bench/ingest-single.lua "http://127.0.0.1:$PORT/api/v1/events" | grep -E "Requests/sec|Non-2xx" | tr '\n' ' '
  echo
}

echo "## single-event POSTs with a token, wrk -c$CONNECTIONS, ${DURATION}s x $ROUNDS rounds, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for variant in off on; do
    if [ "$variant" = on ]; then
      start --Limits:EventsPerSecond 1000000000 --Limits:EventsPerDay 1000000000000
    else
      start
    fi
    [ "$WARMUP" -gt 0 ] && load warm "$WARMUP" >/dev/null
    echo "round$round limits-$variant $(load "$variant" "$DURATION")"
    [ "$variant" = on ] && echo "  quota file: $(cat "$work/data/quotas.json")"
    stop
  done
done
