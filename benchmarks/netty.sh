#!/usr/bin/env bash
# The Netty adapter's overhead: the adapter tests' Netty proxy (adapters-netty, TestProxy) in front
# of the tests' Netty upstream (answers at once, in a JVM of its own) under wrk, with gatewatch on
# (its /metrics scraped every second) and off (no handlers in the pipeline at all), in alternating
# rounds. Per round: throughput, p99, the proxy process's CPU per request (from /proc) and the bytes
# its threads allocated per request (ThreadMXBean, read by the proxy five times a second).
# Needs: wrk, curl, Maven. Usage: [WARMUP=8] [CONNECTIONS=16] benchmarks/netty.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-5}"
SECONDS_PER_RUN="${2:-10}"
WARMUP="${WARMUP:-8}"
CONNECTIONS="${CONNECTIONS:-16}"
OUT=benchmarks/target/netty
mkdir -p "$OUT"
OUT_ABS="$(pwd)/$OUT"

# the adapter's test classes and their classpath (the status listener and the Prometheus exporter included)
mvn -q -B -pl adapters-netty -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT_ABS/classpath.txt" > "$OUT/build.log"
CP="adapters-netty/target/test-classes:adapters-netty/target/classes:$(cat "$OUT/classpath.txt")"
JAVA=(java -Xmx256m -cp "$CP")

PROXY_PORT=18480; UPSTREAM_PORT=18481; STATUS_PORT=18451
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"${JAVA[@]}" io.gatewatch.netty.TestProxy upstream $UPSTREAM_PORT > "$OUT/upstream.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -sf "127.0.0.1:$UPSTREAM_PORT/ready" > /dev/null && break; sleep 0.2; done

cat > "$OUT/get.lua" <<'LUA'
request = function() return wrk.format("GET", "/users/" .. math.random(1, 50)) end
LUA
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)
allocated() { sleep 0.3; cat "$OUT/allocated-$1"; }

run() { # $1 = on|off
  rm -f "$OUT/allocated-$1"
  "${JAVA[@]}" -Dbench.allocation-file="$OUT_ABS/allocated-$1" io.gatewatch.netty.TestProxy \
    proxy $PROXY_PORT $UPSTREAM_PORT "$1" $STATUS_PORT > "$OUT/proxy-$1.log" 2>&1 &
  local proxy=$! scraper=
  for _ in $(seq 1 100); do curl -sf "127.0.0.1:$PROXY_PORT/users/ready" > /dev/null && [ -f "$OUT/allocated-$1" ] && break; sleep 0.2; done
  if [ "$1" = on ]; then
    (while sleep 1; do curl -sf "127.0.0.1:$STATUS_PORT/metrics" > /dev/null || true; done) & scraper=$!
  fi
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$PROXY_PORT" > /dev/null
  local t0 t1 a0 a1 load
  a0=$(allocated "$1"); t0=$(ticks "$proxy")
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$PROXY_PORT" > "$OUT/wrk-$1-$round.txt"
  t1=$(ticks "$proxy"); a1=$(allocated "$1")
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$1" = on ]; then
    curl -sf "127.0.0.1:$STATUS_PORT/metrics" | grep '^gateway_requests_total' > "$OUT/metrics-$round.txt" || true
    kill "$scraper" 2>/dev/null || true
  fi
  kill "$proxy"; wait "$proxy" 2>/dev/null || true
  local rps p99 requests errors us bytes
  rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-$1-$round.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$1-$round.txt")
  requests=$(awk '/requests in/ {print $1}' "$OUT/wrk-$1-$round.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$1-$round.txt" | tr '\n' ' ')
  us=$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  bytes=$(awk -v a=$((a1 - a0)) -v n="$requests" 'BEGIN { printf "%.0f", a / n }')
  echo "$round $1 $rps $p99 $us $bytes $load" >> "$OUT/rounds.txt"
  echo "round $round, $1: $rps req/s, p99 $p99, CPU $us us/request, $bytes B/request allocated, load $load ${errors}"
}

rm -f "$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  # alternate which mode goes first, so that a neighbour's burst does not always land on the same one
  if [ $((round % 2)) -eq 1 ]; then run on; run off; else run off; run on; fi
done

# medians and spread (min-max) per mode, and the ratio of the medians
awk 'function us(v){ if (v ~ /us$/) return v+0; if (v ~ /ms$/) return v*1000; if (v ~ /s$/) return v*1e6; return v }
     function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
                                    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
     { k = ++n[$2]; r[$2, k] = $3; p[$2, k] = us($4); c[$2, k] = $5; b[$2, k] = $6 }
     END {
       for (m in n) {
         delete x; delete y; delete z; delete w
         for (i = 1; i <= n[m]; i++) { x[i] = r[m, i]; y[i] = p[m, i]; z[i] = c[m, i]; w[i] = b[m, i] }
         mr[m] = med(x, n[m]); mp[m] = med(y, n[m]); mc[m] = med(z, n[m]); mb[m] = med(w, n[m])
         printf "%s: median %.0f req/s (%.0f-%.0f), p99 %.0f us (%.0f-%.0f), CPU %.1f us/request (%.1f-%.1f), %.0f B/request allocated (%d rounds)\n",
                m, mr[m], x[1], x[n[m]], mp[m], y[1], y[n[m]], mc[m], z[1], z[n[m]], mb[m], n[m]
       }
       printf "throughput on/off %.3f (target >= 0.97), p99 on/off %.3f, CPU per request on-off %+.1f us, allocation on-off %+.0f B/request\n",
              mr["on"] / mr["off"], mp["on"] / mp["off"], mc["on"] - mc["off"], mb["on"] - mb["off"]
     }' "$OUT/rounds.txt"
