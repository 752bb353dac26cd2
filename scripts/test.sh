#!/usr/bin/env bash
# The one command that passes all the tests on a fresh machine: installs the real tools the tests
# drive (promtool and Prometheus from Debian's 'prometheus' package, Alertmanager and amtool from
# 'prometheus-alertmanager', 'docker-compose' for `docker-compose config`, python3-scipy,
# python3-statsmodels and python3-mpmath for the statistics tests' reference script, Node.js and npm with the CloudEvents
# JavaScript SDK for the CloudEvents client test, iproute2 for the network namespace the loopback-default test makes,
# git for the import tests, util-linux's fincore for the event log's page-cache tests), builds
# warning-free in CI, runs every test project, and ends with one plain summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
command -v prometheus >/dev/null 2>&1 || packages+=(prometheus)
command -v amtool >/dev/null 2>&1 || packages+=(prometheus-alertmanager)
command -v prometheus-alertmanager >/dev/null 2>&1 || packages+=(prometheus-alertmanager)
command -v docker-compose >/dev/null 2>&1 || packages+=(docker-compose)
/usr/bin/python3 -c 'import scipy' >/dev/null 2>&1 || packages+=(python3-scipy)
/usr/bin/python3 -c 'import statsmodels' >/dev/null 2>&1 || packages+=(python3-statsmodels)
/usr/bin/python3 -c 'import mpmath' >/dev/null 2>&1 || packages+=(python3-mpmath)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v ip >/dev/null 2>&1 || packages+=(iproute2)
command -v git >/dev/null 2>&1 || packages+=(git)
command -v fincore >/dev/null 2>&1 || packages+=(util-linux)
if [ ${#packages[@]} -gt 0 ]; then
  mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${packages[*]}; run as root or install them first" >&2
    exit 1
  fi
  echo "installing Debian packages: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# The CloudEvents client test's SDK, at the version package-lock.json pins.
npm ci --prefix tests/Observability.Sidecar.Tests/CloudEvents/NpmClient --no-audit --no-fund --loglevel=error

configuration=${CONFIGURATION:-Release}
dotnet build Observability.sln -c "$configuration" -nologo -v:q
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# One test assembly at a time: several of them start real Prometheus servers and sidecar processes,
# and on a 2-core machine running them side by side only makes their timeouts flaky.
dotnet test Observability.sln -c "$configuration" --no-build -nologo -m:1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Failed: N, Passed: N, Skipped: N" line per test assembly; add them up.
read -r passed failed skipped < <(awk '
  /Failed:[ ]+[0-9]+, Passed:[ ]+[0-9]+, Skipped:[ ]+[0-9]+/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i + 1) + 0
      if ($i == "Passed:") p += $(i + 1) + 0
      if ($i == "Skipped:") s += $(i + 1) + 0
    }
  }
  END { print p + 0, f + 0, s + 0 }' "$log")
echo
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
