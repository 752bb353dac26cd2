#!/usr/bin/env bash
# agentobs import --from-git on a generated history of COMMITS commits (default 10,000; bench/git-history.py writes it
# with git fast-import): the time of `git log` alone (the floor: the stream the import parses), of the dry run (git log,
# parsing and inference, events printed as JSONL) and of the import into a real sidecar on 127.0.0.1 (NDJSON batches,
# durable), then of a second import (every event a duplicate). ROUNDS rounds of each. With LIBGIT2=1 also the same
# walk through LibGit2Sharp (bench/git-libgit2: every commit diffed against its first parent with rename detection).
#   env: COMMITS=10000 ROUNDS=3 PORT=19640 LIBGIT2=0
set -euo pipefail
cd "$(dirname "$0")/.."
COMMITS=${COMMITS:-10000}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-19640}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/Observability.Cli -nologo -v:q >/dev/null
dotnet build -c Release src/Observability.Sidecar -nologo -v:q >/dev/null
cli() { dotnet src/Observability.Cli/bin/Release/net10.0/agentobs.dll "$@"; }
now_ns() { date +%s%N; }
seconds_since() { awk -v ns=$(( $(now_ns) - $1 )) 'BEGIN { printf "%.2f", ns / 1e9 }'; }

git init -q -b main "$work/repo"
COMMITS=$COMMITS python3 bench/git-history.py | git -C "$work/repo" fast-import --quiet
git -C "$work/repo" checkout -q main
echo "history: $(git -C "$work/repo" rev-list --count HEAD) commits, $(git -C "$work/repo" ls-files | wc -l) files at HEAD"

for round in $(seq 1 "$ROUNDS"); do
  t=$(now_ns); git -C "$work/repo" log --reverse --date-order -M --name-status -z --format='%x1e%H %cI' HEAD >/dev/null; log_s=$(seconds_since "$t")
  t=$(now_ns); events=$(cli import --from-git "$work/repo" --dry-run 2>/dev/null | wc -l); dry_s=$(seconds_since "$t")
  echo "round $round: git log alone ${log_s} s; dry run ${dry_s} s, ${events} events"
done

if [ "${LIBGIT2:-0}" = 1 ]; then
  dotnet build -c Release bench/git-libgit2 -nologo -v:q >/dev/null
  for round in $(seq 1 "$ROUNDS"); do
    echo "round $round: LibGit2Sharp walk: $(dotnet bench/git-libgit2/bin/Release/net10.0/git-libgit2.dll "$work/repo")"
  done
fi

dotnet src/Observability.Sidecar/bin/Release/net10.0/Observability.Sidecar.dll --urls "http://127.0.0.1:$PORT" \
  --Sidecar:DataDirectory "$work/data" --Serilog:MinimumLevel:Default Warning >"$work/sidecar.log" 2>&1 &
pid=$!
for _ in $(seq 1 1500); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/readiness" 2>/dev/null && break; sleep 0.02; done
t=$(now_ns); first=$(cli import --from-git "$work/repo" --url "http://127.0.0.1:$PORT" 2>/dev/null); first_s=$(seconds_since "$t")
echo "import into the sidecar: ${first_s} s: ${first##*: }"
for round in $(seq 1 "$ROUNDS"); do
  t=$(now_ns); again=$(cli import --from-git "$work/repo" --url "http://127.0.0.1:$PORT" 2>/dev/null); again_s=$(seconds_since "$t")
  echo "round $round: again ${again_s} s: ${again##*: }"
done
