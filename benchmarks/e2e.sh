#!/usr/bin/env bash
# End to end: the sample gateway under wrk with gatewatch fully on (Prometheus scraping every
# second, StatsD and Datadog pushing to local peers) against the same gateway with
# recording switched off. Alternating rounds; prints throughput and p99 ratios.
# Needs: wrk, prometheus, node (the StatsD daemon from .ci/install-peers).
# Usage: [PUSH_INTERVAL=10s] [GATEWAY_OPTS=-D...] benchmarks/e2e.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-15}"
# how often StatsD and Datadog push: the default 10s, or e.g. 1s to stress the exporters
PUSH_INTERVAL="${PUSH_INTERVAL:-10s}"
OUT=benchmarks/target/e2e
mkdir -p "$OUT"
GATEWAY_JAR=plugins-sample/target/gatewatch-sample-gateway.jar
[ -f "$GATEWAY_JAR" ] || mvn -q -B -DskipTests -pl plugins-sample -am package
[ -f benchmarks/target/benchmarks.jar ] || mvn -q -B -DskipTests -pl benchmarks -am package

GW_PORT=18180; STATUS_PORT=18151; STATSD_PORT=18125; STATSD_ADMIN=18126; INTAKE_PORT=18190; PROM_PORT=19190

start_push_peers "$OUT" "$STATSD_PORT" "$STATSD_ADMIN" "$INTAKE_PORT"
prometheus_scraping "$OUT/prometheus.yml" "127.0.0.1:$STATUS_PORT"
start_prometheus "$OUT/prometheus.yml" "$PROM_PORT" "$OUT/prometheus.log"

cat > "$OUT/get.lua" <<'LUA'
request = function() return wrk.format("GET", "/api/flaky/" .. math.random(1, 50)) end
LUA

# CPU time (user + system, in clock ticks) a process has used so far
peer_ticks() { local t=0 p; for p in "${pids[@]}"; do t=$((t + $(ticks "$p"))); done; echo "$t"; }

run() { # $1 = on|off
  local recording=true exporters=true
  [ "$1" = off ] && recording=false && exporters=false
  java -Xmx512m ${GATEWAY_OPTS:-} -cp "$GATEWAY_JAR" \
    -Dsample-gateway.host=127.0.0.1 -Dsample-gateway.port=$GW_PORT -Dsample-gateway.recording=$recording \
    -Dsample-gateway.upstreams.flaky.latency=0ms -Dsample-gateway.upstreams.flaky.error-rate=0 \
    -Dgatewatch.status.host=127.0.0.1 -Dgatewatch.status.port=$STATUS_PORT -Dgatewatch.status.drain-delay=0s \
    -Dgatewatch.exporters.statsd.enabled=$exporters -Dgatewatch.exporters.statsd.port=$STATSD_PORT \
    -Dgatewatch.exporters.statsd.interval=$PUSH_INTERVAL \
    -Dgatewatch.exporters.datadog.enabled=$exporters -Dgatewatch.exporters.datadog.api-key=bench-key-0000 \
    -Dgatewatch.exporters.datadog.uri=http://127.0.0.1:$INTAKE_PORT -Dgatewatch.exporters.datadog.interval=$PUSH_INTERVAL \
    io.gatewatch.sample.gateway.SampleGateway > "$OUT/gateway-$1.log" 2>&1 &
  local gw=$!
  await_url "127.0.0.1:$STATUS_PORT/health/ready" 100
  wrk -t2 -c32 -d3s -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > /dev/null   # warm-up
  local gw0 peers0 gw1 peers1
  gw0=$(ticks "$gw"); peers0=$(peer_ticks)
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > "$OUT/wrk-$1-$round.txt"
  gw1=$(ticks "$gw"); peers1=$(peer_ticks)
  kill "$gw"; wait "$gw" 2>/dev/null || true
  local rps p99 requests gw_us peers_cores
  rps=$(wrk_rps "$OUT/wrk-$1-$round.txt")
  p99=$(wrk_p99 "$OUT/wrk-$1-$round.txt")
  requests=$(wrk_requests "$OUT/wrk-$1-$round.txt")
  # where the machine's time went: the gateway's CPU per request, and the peers' share of the two cores
  gw_us=$(awk -v t=$((gw1 - gw0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  peers_cores=$(awk -v t=$((peers1 - peers0)) -v hz="$HZ" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%.3f", t / hz / s }')
  echo "$round $1 $rps $p99 $gw_us $peers_cores" >> "$OUT/rounds.txt"
  echo "round $round, gatewatch $1: $rps req/s, p99 $p99, gateway CPU $gw_us us/request, peers $peers_cores cores"
}

rm -f "$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then run on; run off; else run off; run on; fi
done

# p99 as printed by wrk (e.g. 2.31ms, 812.00us) in microseconds
awk 'function us(v){ if (v ~ /us$/) return v+0; if (v ~ /ms$/) return v*1000; if (v ~ /s$/) return v*1e6; return v }
     { rps[$2]+=$3; n[$2]++; p99[$2]+=us($4); cpu[$2]+=$5; peers[$2]+=$6 }
     END { on=rps["on"]/n["on"]; off=rps["off"]/n["off"]; pon=p99["on"]/n["on"]; poff=p99["off"]/n["off"];
           printf "\nend to end, mean of %d rounds: on %.0f req/s, off %.0f req/s, throughput on/off %.3f (target >= 0.97)\n", n["on"], on, off, on/off;
           printf "p99 on %.0f us, off %.0f us, on/off %.3f (target <= 1.05)\n", pon, poff, pon/poff;
           printf "gateway CPU per request on %.1f us, off %.1f us (+%.1f us); peers on %.3f cores, off %.3f cores\n",
                  cpu["on"]/n["on"], cpu["off"]/n["off"], cpu["on"]/n["on"] - cpu["off"]/n["off"], peers["on"]/n["on"], peers["off"]/n["off"] }' "$OUT/rounds.txt"
