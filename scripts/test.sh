#!/usr/bin/env bash
# The one test command: builds the solution and runs every test project, provisioning what the tests need on a
# fresh Debian machine first. Ends with one line "N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Servers and tools the tests use, installed from Debian's packages and npm when missing (root on CI).
bash scripts/provision-k8s-tools.sh
bash scripts/provision-observability.sh --with-aspire
# PostgreSQL for the store, membership and cluster tests: a throw-away server under artifacts/, stopped on exit.
trap 'bash scripts/provision-postgres.sh --stop >/dev/null 2>&1 || true' EXIT
QBROKER_TEST_POSTGRES=$(bash scripts/provision-postgres.sh)
export QBROKER_TEST_POSTGRES

dotnet build QBroker.sln -c Release -nologo -v minimal

status=0
# Hang protection: a test host silent for 10 minutes is dumped and killed rather than stalling CI.
dotnet test QBroker.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m -- RunConfiguration.TreatNoTestsAsError=true || status=$?

# Servers stop before the summary, so that the summary is the last line (the exit trap then has nothing to stop).
bash scripts/provision-postgres.sh --stop >/dev/null 2>&1 || true

# Sum the counters of every TRX file (one per test project) into the closing line.
passed=0; failed=0; skipped=0; files=0
counter() { grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o "[0-9]*" || echo 0; }
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  passed=$((passed + $(counter "$trx" passed)))
  for name in failed error timeout aborted; do failed=$((failed + $(counter "$trx" $name))); done
  for name in notExecuted inconclusive; do skipped=$((skipped + $(counter "$trx" $name))); done
done < <(find "$results" -name '*.trx' -print0)
if [ "$files" -eq 0 ] || [ "$passed" -eq 0 ] || [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
