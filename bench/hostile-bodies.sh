#!/usr/bin/env bash
# Memory and time of one hostile request body each, against the real sidecar (a fresh process per body, so each
# peak is its own): the 2 MB NDJSON body of one million one-character lines, and 10 MiB bodies (the default
# Sidecar:MaxRequestBodyBytes) of worst-case items. For each: the answer's status and size, the wall time of the
# request, the sidecar's CPU seconds for it, and its peak RSS above the idle RSS it had just before (VmHWM, reset
# through /proc/<pid>/clear_refs when the kernel allows it, else the fresh process' lifetime peak).
# Targets: under 100 MiB above idle and under 2 s per request. 127.0.0.1 only; every request is bounded by curl's
# --max-time.
#   env: PORT=19640 MAX_TIME=120 ITEMS_CAP= (passed as Sidecar:MaxItemsPerRequest when set) ONLY= (a body name)
#        SIDECAR_ENV="DOTNET_x=y ..." (runtime knobs)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-19640}
MAX_TIME=${MAX_TIME:-120}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null

/usr/bin/python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
limit = 10 * 1024 * 1024
def fill(name, make, cap=None, opener="", closer="", sep="\n"):
    parts, size, i = [], len(opener) + len(closer), 0
    while cap is None or i < cap:
        item = make(i)
        if size + len(item) + len(sep) > limit:
            break
        parts.append(item); size += len(item) + len(sep); i += 1
    with open(f"{out}/{name}", "w") as f:
        f.write(opener + sep.join(parts) + (sep if not opener else "") + closer)
# The issue's body: one million one-character lines, 2 MB.
with open(f"{out}/ones-2mb.ndjson", "w") as f: f.write("1\n" * 1_000_000)
with open(f"{out}/x-2mb.ndjson", "w") as f: f.write("x\n" * 1_000_000)
# 10 MiB of one-character lines: 5.2 million items.
fill("ones-10mib.ndjson", lambda i: "1")
# 10 MiB JSON array of 5.2 million numbers.
fill("numbers-10mib.json", lambda i: "1", opener="[", closer="]", sep=",")
# Up to the item cap (100,000 by default) of ~100-byte items, 10 MiB in all, each the worst of its kind:
pad = lambda s, n=100: s + " " * max(0, n - len(s))
# malformed inside an object (the JSON parser fails on each one),
fill("malformed-10mib.ndjson", lambda i: pad('{"id":"m-%d","timestamp":"2026-01-01T00:00:00Z","eventType":"chain:created",}' % i), cap=100_000)
# well-formed and rejected by the catalogue with a reason quoting the value,
fill("rejected-10mib.ndjson", lambda i: '{"id":"r-%d","timestamp":"2026-01-01T00:00:00Z","eventType":"ws:execution","entityId":"x","metadata":{"status":"%s"}}' % (i, "S" * 40), cap=100_000)
# valid, all accepted (stored, fsynced, projected),
fill("valid-10mib.ndjson", lambda i: pad('{"id":"v-%d","timestamp":"2026-01-01T00:00:00Z","eventType":"chain:created","entityId":"C-%d"}' % (i, i)), cap=100_000)
# and the same valid events as one JSON array.
fill("valid-10mib.json", lambda i: pad('{"id":"a-%d","timestamp":"2026-01-01T00:00:00Z","eventType":"chain:created","entityId":"C-%d"}' % (i, i)), cap=100_000, opener="[", closer="]", sep=",")
PY

start() {
  rm -rf "$work/data"
  env ${SIDECAR_ENV:-} dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$PORT" \
    --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning ${ITEMS_CAP:+--Sidecar:MaxItemsPerRequest "$ITEMS_CAP"} >>"$work/sidecar.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/readiness" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs -o /dev/null -H 'Content-Type: application/json' \
    -d '{"id":"warm","timestamp":"2026-01-01T00:00:00Z","eventType":"chain:created","entityId":"C"}' "http://127.0.0.1:$PORT/api/v1/events"
  sleep 1
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)

printf '%-24s %-7s %-8s %6s %10s %8s %8s %10s\n' body bytes status "answer" wall_s cpu_s idle_mib peak_above_idle_mib
for body in ones-2mb.ndjson x-2mb.ndjson ones-10mib.ndjson numbers-10mib.json malformed-10mib.ndjson rejected-10mib.ndjson valid-10mib.ndjson valid-10mib.json; do
  [ -n "${ONLY:-}" ] && [ "$ONLY" != "$body" ] && continue
  type=application/x-ndjson; [[ $body == *.json ]] && type=application/json
  start
  idle=$(kib VmRSS); before=$(cpu_ticks)
  answer=$(curl -s --max-time "$MAX_TIME" -o "$work/answer" -w '%{http_code} %{size_download} %{time_total}' \
    -H "Content-Type: $type" --data-binary "@$work/$body" "http://127.0.0.1:$PORT/api/v1/events" || echo "000 0 $MAX_TIME")
  read -r status size wall <<<"$answer"
  cpu=$(awk -v t=$(( $(cpu_ticks) - before )) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')
  peak=$(kib VmHWM)
  printf '%-24s %-7s %-8s %6s %10s %8s %8s %10s\n' "$body" "$(stat -c %s "$work/$body")" "$status" "$size" "$wall" "$cpu" \
    "$((idle / 1024))" "$(( (peak - idle) / 1024 ))"
  stop
done
# Two worst bodies at once (before the bounds, two such requests both failed): both answers, one peak.
if [ -z "${ONLY:-}" ] || [ "$ONLY" = pair ]; then
  start
  idle=$(kib VmRSS); before=$(cpu_ticks); t0=$(date +%s%N)
  for body in malformed-10mib.ndjson valid-10mib.ndjson; do
    curl -s --max-time "$MAX_TIME" -o /dev/null -w '%{http_code} ' -H 'Content-Type: application/x-ndjson' \
      --data-binary "@$work/$body" "http://127.0.0.1:$PORT/api/v1/events" >"$work/pair-$body" &
  done
  wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
  wall=$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.3f", ns / 1e9 }')
  cpu=$(awk -v t=$(( $(cpu_ticks) - before )) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }')
  printf '%-24s %-7s %-8s %6s %10s %8s %8s %10s\n' "both at once" "" "$(cat "$work"/pair-* | xargs | tr " " "+")" "" "$wall" "$cpu" \
    "$((idle / 1024))" "$(( ($(kib VmHWM) - idle) / 1024 ))"
  stop
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
