#!/usr/bin/env bash
# ETSI GS QKD 014 key delivery over HTTP: starts a Release silo on a fresh data folder with big pools and blocks (so
# the benchmark never waits for key), waits until the kaist -> kriss pair holds enough keys, then runs
# EtsiKeyDeliveryBenchmarks (healthz baseline, enc_keys, enc_keys + dec_keys at 1, 64 and 256 in flight).
#   bash tests/QBroker.Benchmarks/QkdLinks/etsi.sh [stored keys to wait for, default 131072]
set -euo pipefail
cd "$(dirname "$0")/../../.."
want=${1:-131072}
work=$(mktemp -d)
silo_pid=""
cleanup() { [ -n "$silo_pid" ] && kill "$silo_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release silo/QBroker.Silo -o "$work/silo" -v quiet -nologo >/dev/null
dotnet build -c Release tests/QBroker.Benchmarks -v quiet -nologo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
ASPNETCORE_URLS=$url QBROKER_DATA_DIR="$work/data" QBROKER_ADMIN_KEY=bench-operator-key-0123456789 \
QBroker__Qkd__PoolCapacityBytes=4194304 QBroker__Qkd__BlockKeyBits=4194304 QBroker__Qkd__BlockPeriod=00:00:00.050 \
QBroker__Qkd__MaxPendingKeys=1000000 QBroker__Qkd__ReserveChunkBytes=262144 Logging__LogLevel__Default=Warning \
  dotnet "$work/silo/qbroker-silo.dll" >"$work/silo.log" 2>&1 &
silo_pid=$!
until curl -sf "$url/readyz" >/dev/null; do sleep 0.5; done
key() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["admins"][sys.argv[2]])' "$work/data/demo-keys.json" "$1"; }
master=$(key kaist); slave=$(key kriss)
stored=0
until [ "$stored" -ge "$want" ]; do
  sleep 2
  stored=$(curl -sf -H "Authorization: Bearer $master" "$url/api/v1/keys/kriss/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["stored_key_count"])')
  echo "stored keys kaist -> kriss: $stored" >&2
done
QBROKER_URL=$url QBROKER_SAE_MASTER_TOKEN=$master QBROKER_SAE_SLAVE_TOKEN=$slave \
  dotnet run -c Release --project tests/QBroker.Benchmarks --no-build -- --filter '*EtsiKeyDelivery*' \
  --inProcess --launchCount 1 --warmupCount 1 --iterationCount 5 --invocationCount 1 --unrollFactor 1 --strategy Monitoring
