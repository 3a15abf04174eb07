#!/usr/bin/env bash
# Scale-out, and what limits it: the broker's end-to-end throughput with 1, 2 and 3 silo processes of one cluster
# on PostgreSQL, measured back to back on this machine (compare as ratios: the machine is shared), together with
# where each job's cost goes:
#   export QBROKER_TEST_POSTGRES="$(bash scripts/provision-postgres.sh)"
#   nice -n 10 bash tests/QBroker.Benchmarks/Cluster/scale-out.sh [jobs per run, default 3000] [silo counts, default "1 2 3"]
# For each silo count: a fresh database, the silos started (cluster mode, devices of zero duration), then one load
# generator (`load throughput`) per silo, all at once, each submitting its share of the jobs to its own silo with its
# share of 32 submissions in flight. Printed per silo count, all from counters read just before and just after the
# load (so silo start-up and seeding are excluded):
#   - jobs/s end to end, from the store: completed jobs / (last completion - first submission);
#   - CPU per job of the silos (user + system, from /proc/PID/stat), in total and per silo, of the load generators,
#     and of the PostgreSQL backends serving this database (its pg_stat_activity sessions);
#   - PostgreSQL commits and row writes per job (pg_stat_database xact_commit, tup_inserted + tup_updated deltas);
#   - calls to another silo per job (requests and one-way messages of orleans_messaging_sent_messages_size_bytes_count
#     with ConnectionDirection SiloToSilo, summed over the silos' /metrics; their responses are not counted), and
#     messages delivered within a silo (orleans_messaging_sent_local_total: requests and responses alike).
set -euo pipefail
cd "$(dirname "$0")/../../.."
jobs=${1:-3000}
counts=${2:-1 2 3}
: "${QBROKER_TEST_POSTGRES:?run: export QBROKER_TEST_POSTGRES=\"\$(bash scripts/provision-postgres.sh)\"}"
field() { tr ';' '\n' <<<"$QBROKER_TEST_POSTGRES" | sed -n "s/^$1=//Ip" | head -1; }
export PGHOST=$(field Host) PGPORT=$(field Port) PGUSER=$(field Username) PGPASSWORD=$(field Password) PGOPTIONS="-c client_min_messages=warning"
admin_db=$(field Database)

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
# Built into a folder of its own: the repository's bin/Release may be running in someone else's measurement.
nice -n 10 dotnet build -c Release silo/QBroker.Silo -o "$work/silo" -v quiet -nologo >/dev/null
nice -n 10 dotnet build -c Release tests/QBroker.Benchmarks -o "$work/bench" -v quiet -nologo >/dev/null
silo_dll=$work/silo/qbroker-silo.dll
bench_dll=$work/bench/QBroker.Benchmarks.dll
ticks=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# CPU time (clock ticks, user + system) of one process; 0 when it is gone.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# "pid ticks" for every PostgreSQL backend connected to database $1.
backend_ticks() {
  for pid in $(psql -d "$admin_db" -tAc "SELECT pid FROM pg_stat_activity WHERE datname = '$1'"); do
    echo "$pid $(cpu_ticks "$pid")"
  done
}
# Sums, over the silos' /metrics, the Orleans series an awk pattern selects.
orleans_sum() {
  local pattern=$1 sum=0 value; shift
  for url in "$@"; do
    value=$(curl -sf "$url/metrics" | awk "$pattern {s += \$NF} END {print s + 0}")
    sum=$((sum + value))
  done
  echo "$sum"
}
remote_pattern='/^orleans_messaging_sent_messages_size_bytes_count/ && /SiloToSilo/ && /MessageDirection="(Request|OneWay)"/'
local_pattern='/^orleans_messaging_sent_local_total/'
pg_counters() { psql -d "$admin_db" -tAF' ' -c "SELECT xact_commit, tup_inserted + tup_updated FROM pg_stat_database WHERE datname = '$1'"; }
per_job() { python3 -c "print(f'{($1) / ($2):.${3:-2}f}')"; }
# PostgreSQL publishes a backend's counters when it has been idle for up to 10 s (PGSTAT_IDLE_INTERVAL), so
# pg_stat_database is read only after that long without load.
stats_settle=11

for n in $counts; do
  db="qbroker_scale_${n}_$$"
  mkdir -p "$work/$n"
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

  sleep "$stats_settle"
  silo_before=(); for pid in "${pids[@]}"; do silo_before+=("$(cpu_ticks "$pid")"); done
  backend_ticks "$db" >"$work/backends-before"
  read -r commits_before writes_before < <(pg_counters "$db")
  remote_before=$(orleans_sum "$remote_pattern" "${urls[@]}")
  local_before=$(orleans_sum "$local_pattern" "${urls[@]}")

  generators=()
  for i in "${!urls[@]}"; do
    /usr/bin/time -f "%U %S" -o "$work/load-time-$n-$i" \
      dotnet "$bench_dll" load throughput --url "${urls[$i]}" --token "$token" --jobs $((jobs / n)) --concurrency $((32 / n)) >"$work/load-$n-$i.log" 2>&1 &
    generators+=($!)
  done
  status=0
  for pid in "${generators[@]}"; do wait "$pid" || status=1; done
  if [ $status -ne 0 ]; then cat "$work"/load-$n-*.log >&2; exit 1; fi
  # The generators return on their last acknowledgement; the last executions finish a moment later.
  until [ "$(psql -d "$db" -tAc "SELECT COUNT(*) FROM jobs WHERE state IN (0, 1, 2)")" = 0 ]; do sleep 0.2; done

  silo_ticks=0; per_silo=()
  for i in "${!pids[@]}"; do
    used=$(($(cpu_ticks "${pids[$i]}") - silo_before[i]))
    silo_ticks=$((silo_ticks + used)); per_silo+=("$used")
  done
  backend_ticks "$db" >"$work/backends-after"
  pg_ticks=$(awk 'NR == FNR {before[$1] = $2; next} {used += $2 - before[$1]} END {print used + 0}' "$work/backends-before" "$work/backends-after")
  remote=$(($(orleans_sum "$remote_pattern" "${urls[@]}") - remote_before))
  local_messages=$(($(orleans_sum "$local_pattern" "${urls[@]}") - local_before))
  sleep "$stats_settle"
  read -r commits_after writes_after < <(pg_counters "$db")
  load_seconds=$(awk '{s += $1 + $2} END {print s}' "$work"/load-time-$n-*)

  read -r done seconds < <(psql -d "$db" -tAF' ' -c "SELECT COUNT(*), ROUND((MAX(finished_at) - MIN(created_at)) / 1000.0, 2) FROM jobs WHERE state = 3")
  ms_per_tick=$(per_job 1000 "$ticks" 3)
  silo_list=""; for used in "${per_silo[@]}"; do silo_list+="$(per_job "$used * $ms_per_tick" "$done") "; done
  echo "silos $n: $done jobs in $seconds s = $(per_job "$done" "$seconds" 0) jobs/s; CPU ms/job: silos $(per_job "$silo_ticks * $ms_per_tick" "$done") (per silo: ${silo_list% }), load generators $(per_job "$load_seconds * 1000" "$done"), PostgreSQL backends $(per_job "$pg_ticks * $ms_per_tick" "$done"); PostgreSQL per job: $(per_job "$commits_after - $commits_before" "$done") commits, $(per_job "$writes_after - $writes_before" "$done") rows written; Orleans messages/job: $(per_job "$remote" "$done") calls to another silo, $(per_job "$local_messages" "$done") within a silo; load average $(cut -d' ' -f1 /proc/loadavg)"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  psql -d "$admin_db" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
