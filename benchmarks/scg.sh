#!/usr/bin/env bash
# The Spring Cloud Gateway example under wrk, three ways in alternating rounds:
#   on   gatewatch on (its /metrics scraped by Prometheus every second), SCG's metrics off
#   off  gatewatch.enabled=false, SCG's metrics off
#   scg  gatewatch off, SCG's built-in metrics on with the Prometheus registry, /actuator/prometheus
#        scraped every second: what SCG users run today
# In every mode Boot's own http.server.requests observation is off, so the modes differ only by
# the metrics under test. Upstreams answer at once (no simulated work). Per round: throughput, p99,
# the gateway process's CPU per request (from /proc; it includes the embedded upstreams, the same
# in every mode), and the bytes it allocated per request (jvm.gc.memory.allocated between two
# forced GCs around the measured window, so nothing is left uncounted in a young generation).
# Needs: wrk, prometheus, curl, jcmd. Usage: [WARMUP=10] benchmarks/scg.sh [rounds] [seconds]
set -euo pipefail
# The embedded upstreams are the JDK's HTTP server, which leaves Nagle's algorithm on unless told
# (sun.net.httpserver.nodelay): its small responses then wait for the gateway's delayed ACK, about
# 40 ms each, and every mode measures that wait instead of the gateway.
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-10}"
# Spring's request path needs a while before it is compiled; a shorter warm-up measures the JIT
WARMUP="${WARMUP:-10}"
OUT=benchmarks/target/scg
mkdir -p "$OUT"
JAR=adapters-spring-cloud-gateway/example/target/gatewatch-scg-example.jar
[ -f "$JAR" ] || mvn -q -B -DskipTests -pl adapters-spring-cloud-gateway/example -am package

GW_PORT=18280; STATUS_PORT=18251; MGMT_PORT=18281; PROM_PORT=19290

cat > "$OUT/prometheus.yml" <<CONF
global: { scrape_interval: 1s }
scrape_configs:
  - job_name: gatewatch
    static_configs: [ { targets: ["127.0.0.1:$STATUS_PORT"] } ]
  - job_name: scg
    metrics_path: /actuator/prometheus
    static_configs: [ { targets: ["127.0.0.1:$MGMT_PORT"] } ]
CONF
start_prometheus "$OUT/prometheus.yml" "$PROM_PORT" "$OUT/prometheus.log"

# the users route: API key checked by the example's filter, consumer set, upstream answers 200
cat > "$OUT/get.lua" <<'LUA'
wrk.headers["X-Api-Key"] = "key-ada"
request = function() return wrk.format("GET", "/users/" .. math.random(1, 50)) end
LUA

allocated() { # bytes the JVM allocated so far, complete after a forced GC
  jcmd "$1" GC.run > /dev/null
  curl -sf "127.0.0.1:$MGMT_PORT/actuator/metrics/jvm.gc.memory.allocated" \
    | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["measurements"][0]["value"]))'
}

run() { # $1 = on|off|scg
  local gatewatch=false scg=false exposed=metrics
  [ "$1" = on ] && gatewatch=true
  [ "$1" = scg ] && scg=true && exposed=metrics,prometheus
  java -Xmx512m -Dexample.upstream.max-work-ms=0 -Dsun.net.httpserver.nodelay=true -jar "$JAR" \
    --server.address=127.0.0.1 --server.port=$GW_PORT \
    --management.server.address=127.0.0.1 --management.server.port=$MGMT_PORT \
    --management.endpoints.web.exposure.include=$exposed \
    --management.prometheus.metrics.export.enabled=$scg \
    --management.observations.enable.http.server.requests=false \
    --spring.cloud.gateway.server.webflux.metrics.enabled=$scg \
    --gatewatch.enabled=$gatewatch --gatewatch.status.host=127.0.0.1 --gatewatch.status.port=$STATUS_PORT \
    --gatewatch.status.drain-delay=0s > "$OUT/gateway-$1.log" 2>&1 &
  local gw=$!
  await_url "127.0.0.1:$MGMT_PORT/actuator/metrics" 300
  wrk -t2 -c32 -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > /dev/null
  local gw0 gw1 a0 a1 load
  a0=$(allocated "$gw"); gw0=$(ticks "$gw")
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > "$OUT/wrk-$1-$round.txt"
  gw1=$(ticks "$gw"); a1=$(allocated "$gw")
  load=$(cut -d' ' -f1 /proc/loadavg)
  kill "$gw"; wait "$gw" 2>/dev/null || true
  local rps p99 requests non2xx gw_us bytes
  rps=$(wrk_rps "$OUT/wrk-$1-$round.txt")
  p99=$(wrk_p99 "$OUT/wrk-$1-$round.txt")
  requests=$(wrk_requests "$OUT/wrk-$1-$round.txt")
  non2xx=$(wrk_non2xx "$OUT/wrk-$1-$round.txt")
  gw_us=$(awk -v t=$((gw1 - gw0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  bytes=$(awk -v a=$((a1 - a0)) -v n="$requests" 'BEGIN { printf "%.0f", a / n }')
  echo "$round $1 $rps $p99 $gw_us $bytes $load $non2xx" >> "$OUT/rounds.txt"
  echo "round $round, $1: $rps req/s, p99 $p99, CPU $gw_us us/request, $bytes B/request allocated, load $load, non-2xx $non2xx"
}

rm -f "$OUT/rounds.txt"
modes=(on off scg)
for round in $(seq 1 "$ROUNDS"); do
  # rotate the order so a slow start or a neighbour's burst does not always land on the same mode
  for i in 0 1 2; do run "${modes[$(( (i + round - 1) % 3 ))]}"; done
done

awk 'function us(v){ if (v ~ /us$/) return v+0; if (v ~ /ms$/) return v*1000; if (v ~ /s$/) return v*1e6; return v }
     { rps[$2]+=$3; n[$2]++; p99[$2]+=us($4); cpu[$2]+=$5; b[$2]+=$6; load[$2]+=$7 }
     END { for (m in n) printf "%s: %.0f req/s, p99 %.0f us, CPU %.1f us/request, %.0f B/request, load %.2f (mean of %d rounds)\n",
                               m, rps[m]/n[m], p99[m]/n[m], cpu[m]/n[m], b[m]/n[m], load[m]/n[m], n[m];
           printf "throughput on/off %.3f (target >= 0.97), p99 on/off %.3f (target <= 1.05)\n",
                  rps["on"]/n["on"] / (rps["off"]/n["off"]), p99["on"]/n["on"] / (p99["off"]/n["off"]);
           printf "CPU per request above off: gatewatch %+.1f us, SCG metrics %+.1f us; allocation above off: gatewatch %+.0f B, SCG metrics %+.0f B\n",
                  cpu["on"]/n["on"] - cpu["off"]/n["off"], cpu["scg"]/n["scg"] - cpu["off"]/n["off"],
                  b["on"]/n["on"] - b["off"]/n["off"], b["scg"]/n["scg"] - b["off"]/n["off"] }' "$OUT/rounds.txt"
