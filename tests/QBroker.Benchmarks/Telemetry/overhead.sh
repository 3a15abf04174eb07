#!/bin/bash
# Telemetry overhead (issue 7, point 8): one Release silo with QBroker:Telemetry:Enabled set to $1, devices of zero
# duration, a 500-job warm-up (WARMUP=N for more), then the throughput load generator for $2 jobs; prints the silo's CPU time per job
# (user + system from /proc/<pid>/stat over the measured run) and the generator's summary. Run it alternately with
# true and false, back to back (docs/benchmarks-telemetry.md).
# Needs: dotnet build -c Release silo/QBroker.Silo -o /tmp/qb-rel (or another folder named by SILO_DIR, to compare
# two builds), and the benchmarks built in Release.
# usage: overhead.sh <true|false> <jobs>
set -u
T=$1; N=$2; D=$(mktemp -d); PORT=5397
LOADGEN="$(cd "$(dirname "$0")/.." && pwd)/bin/Release/net10.0/QBroker.Benchmarks.dll"
QBROKER_DATA_DIR=$D ASPNETCORE_URLS=http://127.0.0.1:$PORT QBroker__Broker__DeviceTimeScale=0 QBroker__Telemetry__Enabled=$T \
  QBroker__Cluster__SiloPort=11397 QBroker__Cluster__GatewayPort=30397 Logging__LogLevel__Default=Warning \
  dotnet "${SILO_DIR:-/tmp/qb-rel}/qbroker-silo.dll" > /tmp/bench-silo.log 2>&1 &
PID=$!
for i in $(seq 1 600); do [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/readyz)" = 200 ] && break; sleep 0.3; done
TOKEN=$(python3 -c "import json;print(json.load(open('$D/demo-keys.json'))['researchers']['skku-jkim'])")
dotnet "$LOADGEN" load throughput --url http://127.0.0.1:$PORT --token "$TOKEN" --jobs "${WARMUP:-500}" > /dev/null 2>&1
C0=$(awk '{print $14+$15}' /proc/$PID/stat)
OUT=$(dotnet "$LOADGEN" load throughput --url http://127.0.0.1:$PORT --token "$TOKEN" --jobs $N 2>&1)
C1=$(awk '{print $14+$15}' /proc/$PID/stat)
TCK=$(getconf CLK_TCK)
echo "telemetry=$T jobs=$N cpu_ms_per_job=$(echo "scale=3; ($C1-$C0)*1000/$TCK/$N" | bc) load=$(cut -d' ' -f1 /proc/loadavg)"
echo "$OUT" | tail -3
kill $PID; wait $PID 2>/dev/null
