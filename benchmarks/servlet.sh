#!/usr/bin/env bash
# A servlet gateway (a proxy servlet relaying to an upstream in the same JVM) under wrk, in
# embedded Jetty 12 and Tomcat 11, with gatewatch on (the filter, GatewatchRequest labels and the
# connection counts) and off, in alternating rounds. Per round: throughput, p99, the process's CPU
# per request (from /proc; it includes the upstream and the JDK HTTP client the proxy uses, the
# same in both modes) and the bytes its threads allocated per request (ThreadMXBean, exact per
# thread, read from the upstream's /allocated around the measured window).
# Needs: wrk, curl. Usage: [WARMUP=8] benchmarks/servlet.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-8}"
WARMUP="${WARMUP:-8}"
OUT=benchmarks/target/servlet
mkdir -p "$OUT"
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || mvn -q -B -DskipTests -pl benchmarks -am package



run() { # $1 = jetty|tomcat, $2 = on|off
  local port status upstream
  port=$(free_port); status=$(free_port); upstream=$(free_port)
  java -Xmx512m -Dsun.net.httpserver.nodelay=true -cp "$JAR" io.gatewatch.benchmarks.servlet.ServletGateway \
    "$1" "$2" "$port" "$status" "$upstream" > "$OUT/gateway-$1-$2.log" 2>&1 &
  local gw=$!; pids+=("$gw")
  await_url "127.0.0.1:$port/users/1" 150
  wrk -t2 -c32 -d"${WARMUP}s" "http://127.0.0.1:$port/users/1" > /dev/null
  local a0 a1 gw0 gw1 load
  a0=$(curl -sf "127.0.0.1:$upstream/allocated"); gw0=$(ticks "$gw")
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$port/users/1" > "$OUT/wrk-$1-$2-$round.txt"
  gw1=$(ticks "$gw"); a1=$(curl -sf "127.0.0.1:$upstream/allocated")
  load=$(cut -d' ' -f1 /proc/loadavg)
  kill "$gw"; wait "$gw" 2>/dev/null || true
  local rps p99 requests non2xx cpu bytes
  rps=$(wrk_rps "$OUT/wrk-$1-$2-$round.txt")
  p99=$(wrk_p99 "$OUT/wrk-$1-$2-$round.txt")
  requests=$(wrk_requests "$OUT/wrk-$1-$2-$round.txt")
  non2xx=$(wrk_non2xx "$OUT/wrk-$1-$2-$round.txt")
  cpu=$(awk -v t=$((gw1 - gw0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  bytes=$(awk -v a=$((a1 - a0)) -v n="$requests" 'BEGIN { printf "%.0f", a / n }')
  echo "$round $1 $2 $rps $p99 $cpu $bytes $load $non2xx" >> "$OUT/rounds.txt"
  echo "round $round, $1 $2: $rps req/s, p99 $p99, CPU $cpu us/request, $bytes B/request allocated, load $load, non-2xx $non2xx"
}

rm -f "$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  for container in jetty tomcat; do
    # alternate which mode goes first, so a neighbour's burst does not always land on the same one
    if ((round % 2)); then run "$container" on; run "$container" off; else run "$container" off; run "$container" on; fi
  done
done

awk 'function us(v){ if (v ~ /us$/) return v+0; if (v ~ /ms$/) return v*1000; if (v ~ /s$/) return v*1e6; return v }
     { k=$2" "$3; rps[k]+=$4; n[k]++; p99[k]+=us($5); cpu[k]+=$6; b[k]+=$7; load[k]+=$8 }
     END { for (k in n) printf "%s: %.0f req/s, p99 %.0f us, CPU %.1f us/request, %.0f B/request, load %.2f (mean of %d rounds)\n",
                               k, rps[k]/n[k], p99[k]/n[k], cpu[k]/n[k], b[k]/n[k], load[k]/n[k], n[k];
           split("jetty tomcat", cs, " ");
           for (i = 1; i <= 2; i++) { c = cs[i];
             printf "%s: throughput on/off %.3f, CPU per request on-off %+.1f us, allocation on-off %+.0f B/request\n", c,
                    (rps[c" on"]/n[c" on"]) / (rps[c" off"]/n[c" off"]), cpu[c" on"]/n[c" on"] - cpu[c" off"]/n[c" off"],
                    b[c" on"]/n[c" on"] - b[c" off"]/n[c" off"] } }' "$OUT/rounds.txt"
