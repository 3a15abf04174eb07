#!/bin/bash
# Managed allocation per job of a Release silo (issue 7, point 8: where telemetry's cost comes from). Like overhead.sh:
# QBroker:Telemetry:Enabled set to $1, devices of zero duration, 16 simulator slots, a warm-up (WARMUP, default 20,000
# jobs, by which the QKD links' pools are full: blocks filling them allocate tens of MB each), then $2 jobs (default 10,000) of the throughput load generator while dotnet-counters samples the runtime's
# dotnet.gc.heap.total_allocated rate every second for 45 s; prints the bytes allocated per job (the rates summed over
# the window, of which about 90 KB/s is the idle silo's own) and the silo CPU per job. Allocation per job is nearly
# free of the machine's noise, unlike rates, so it compares settings well on a shared machine. Extra settings go in as
# environment variables, e.g. QBroker__Telemetry__GrainCallSpans=true.
# Needs: dotnet build -c Release silo/QBroker.Silo -o /tmp/qb-rel (or SILO_DIR), the benchmarks built in Release, and
# dotnet-counters: dotnet tool install --tool-path /tmp/tools dotnet-counters --version 10.0.750501 (or COUNTERS=path).
# usage: allocations.sh <true|false> [jobs]
set -u
T=$1; N=${2:-10000}; D=$(mktemp -d); PORT=5398; CSV=$(mktemp --suffix .csv)
LOADGEN="$(cd "$(dirname "$0")/.." && pwd)/bin/Release/net10.0/QBroker.Benchmarks.dll"
QBROKER_DATA_DIR=$D ASPNETCORE_URLS=http://127.0.0.1:$PORT QBroker__Broker__DeviceTimeScale=0 QBroker__Telemetry__Enabled=$T \
  QBroker__Broker__SimulatorSlots=16 QBroker__Cluster__SiloPort=11398 QBroker__Cluster__GatewayPort=30398 \
  Logging__LogLevel__Default=Warning dotnet "${SILO_DIR:-/tmp/qb-rel}/qbroker-silo.dll" > /tmp/bench-alloc-silo.log 2>&1 &
PID=$!
for i in $(seq 1 600); do [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/readyz)" = 200 ] && break; sleep 0.3; done
TOKEN=$(python3 -c "import json;print(json.load(open('$D/demo-keys.json'))['researchers']['skku-jkim'])")
dotnet "$LOADGEN" load throughput --url http://127.0.0.1:$PORT --token "$TOKEN" --jobs "${WARMUP:-20000}" > /dev/null 2>&1
# Stopped by its own duration: a background process here ignores the interrupt dotnet-counters waits for.
"${COUNTERS:-/tmp/tools/dotnet-counters}" collect -p $PID --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' \
  --refresh-interval 1 --duration 00:00:00:45 --format csv -o "$CSV" > /dev/null 2>&1 &
CP=$!
for i in $(seq 1 100); do [ -s "$CSV" ] && [ "$(wc -l < "$CSV")" -gt 2 ] && break; sleep 0.1; done
C0=$(awk '{print $14+$15}' /proc/$PID/stat)
dotnet "$LOADGEN" load throughput --url http://127.0.0.1:$PORT --token "$TOKEN" --jobs "$N" > /dev/null 2>&1
C1=$(awk '{print $14+$15}' /proc/$PID/stat)
wait $CP
python3 - "$CSV" "$N" "$T" <<'PY'
import csv, sys
rates = []
for row in list(csv.reader(open(sys.argv[1])))[1:]:
    try: rates.append(float(row[-1]))
    except (ValueError, IndexError): pass
print(f"telemetry={sys.argv[3]} jobs={sys.argv[2]} allocated_per_job={sum(rates) / int(sys.argv[2]) / 1024:.1f} KiB")
PY
echo "cpu_ms_per_job=$(echo "scale=3; ($C1-$C0)*1000/$(getconf CLK_TCK)/$N" | bc)"
kill $PID; wait $PID 2>/dev/null; rm -rf "$D" "$CSV"
