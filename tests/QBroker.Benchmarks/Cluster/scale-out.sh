#!/usr/bin/env bash
# Scale-out: the broker's end-to-end throughput with 1, 2 and 3 silo processes of one cluster on PostgreSQL, measured
# back to back on this machine (compare the three as ratios: the machine is shared).
#   export QBROKER_TEST_POSTGRES="$(bash scripts/provision-postgres.sh)"
#   bash tests/QBroker.Benchmarks/Cluster/scale-out.sh [jobs per run, default 4000] [silo counts, default "1 2 3"]
# For each silo count: a fresh database, the silos started (cluster mode, devices of zero duration as the load
# generator's docs suggest), then one load generator (`load throughput`) per silo, all at once, each submitting its
# share of the jobs to its own silo with its share of 32 submissions in flight. The figure is taken from the store:
# completed jobs / (last completion - first submission), both stamped by the broker.
set -euo pipefail
cd "$(dirname "$0")/../../.."
jobs=${1:-4000}
counts=${2:-1 2 3}
: "${QBROKER_TEST_POSTGRES:?run: export QBROKER_TEST_POSTGRES=\"\$(bash scripts/provision-postgres.sh)\"}"
field() { tr ';' '\n' <<<"$QBROKER_TEST_POSTGRES" | sed -n "s/^$1=//Ip" | head -1; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password) PGOPTIONS="-c client_min_messages=warning"
admin_db=$(field Database)

nice -n 10 dotnet build -c Release silo/QBroker.Silo -v quiet -nologo >/dev/null
nice -n 10 dotnet build -c Release tests/QBroker.Benchmarks -v quiet -nologo >/dev/null
silo_dll=silo/QBroker.Silo/bin/Release/net10.0/qbroker-silo.dll
bench_dll=tests/QBroker.Benchmarks/bin/Release/net10.0/QBroker.Benchmarks.dll
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for n in $counts; do
  db="qbroker_scale_${n}_$$"
  psql -d "$admin_db" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  connection="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$db"
  urls=()
  for i in $(seq 1 "$n"); do
    http=$(free_port)
    env ASPNETCORE_URLS="http://127.0.0.1:$http" QBROKER_DATA_DIR="$work/$n" QBROKER_ADMIN_KEY="scale-out-operator-key-0123456789" \
      QBroker__Cluster__Mode=cluster QBroker__Cluster__ClusterId="$db" QBroker__Cluster__SiloName="silo$i" \
      QBroker__Cluster__SiloPort="$(free_port)" QBroker__Cluster__GatewayPort="$(free_port)" \
      QBroker__Store__Provider=postgres QBroker__Store__ConnectionString="$connection" \
      QBroker__Broker__DeviceTimeScale=0 QBroker__Qkd__BlockPeriod=01:00:00 Logging__LogLevel__Default=Warning \
      dotnet "$silo_dll" >"$work/silo-$n-$i.log" 2>&1 &
    pids+=($!)
    urls+=("http://127.0.0.1:$http")
    # The first silo seeds the demo world alone; the others join once it is ready.
    until curl -sf "http://127.0.0.1:$http/readyz" >/dev/null; do sleep 0.5; done
  done
  token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["researchers"]["skku-jkim"])' "$work/$n/demo-keys.json")
  generators=()
  for i in "${!urls[@]}"; do
    dotnet "$bench_dll" load throughput --url "${urls[$i]}" --token "$token" --jobs $((jobs / n)) --concurrency $((32 / n)) >"$work/load-$n-$i.log" 2>&1 &
    generators+=($!)
  done
  status=0
  for pid in "${generators[@]}"; do wait "$pid" || status=1; done
  if [ $status -ne 0 ]; then cat "$work"/load-$n-*.log >&2; exit 1; fi
  read -r done seconds < <(psql -d "$db" -tAF' ' -c "SELECT COUNT(*), (MAX(finished_at) - MIN(created_at)) / 1000.0 FROM jobs WHERE state = 3")
  echo "silos $n: $done jobs completed end to end in $seconds s = $(python3 -c "print(f'{$done/$seconds:.0f}')") jobs/s (load average $(cut -d' ' -f1 /proc/loadavg))"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  psql -d "$admin_db" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
