#!/usr/bin/env bash
# The Netty adapter's overhead: the adapter tests' Netty proxy (adapters-netty, TestProxy) in front
# of the tests' Netty upstream (answers at once, in a JVM of its own) under wrk, three ways in
# rotating rounds:
#   on       the adapter's handlers in the pipelines, gatewatch's /metrics scraped every second
#   runtime  gatewatch started and scraped the same way, but no handler of it in the pipelines
#            (on - runtime is the adapter's own cost; runtime - off is the rest of gatewatch's)
#   off      no gatewatch at all Per round: throughput, p99, the proxy process's CPU per request (from /proc) and the bytes
# its threads allocated per request (ThreadMXBean, read by the proxy five times a second).
# PAIRED=1 runs on and off side by side instead, two proxies under two wrk processes at the same
# time, so that both see the same neighbours: on a machine others load unevenly, the ratio of the
# two throughputs in the same window is steadier than that of rounds taken one after the other.
# Needs: wrk, curl, Maven. Usage: [PAIRED=1] [WARMUP=8] [CONNECTIONS=16] benchmarks/netty.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
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

"${JAVA[@]}" io.gatewatch.netty.TestProxy upstream $UPSTREAM_PORT > "$OUT/upstream.log" 2>&1 & pids+=($!)
await_url "127.0.0.1:$UPSTREAM_PORT/ready" 100

cat > "$OUT/get.lua" <<'LUA'
request = function() return wrk.format("GET", "/users/" .. math.random(1, 50)) end
LUA
threadstats() { sleep 0.3; cat "$OUT/allocated-$1"; }

run() { # $1 = on|runtime|off
  rm -f "$OUT/allocated-$1"
  "${JAVA[@]}" -Dbench.allocation-file="$OUT_ABS/allocated-$1" io.gatewatch.netty.TestProxy \
    proxy $PROXY_PORT $UPSTREAM_PORT "$1" $STATUS_PORT > "$OUT/proxy-$1.log" 2>&1 &
  local proxy=$! scraper=
  for _ in $(seq 1 100); do curl -sf "127.0.0.1:$PROXY_PORT/users/ready" > /dev/null && [ -f "$OUT/allocated-$1" ] && break; sleep 0.2; done
  if [ "$1" != off ]; then
    (while sleep 1; do curl -sf "127.0.0.1:$STATUS_PORT/metrics" > /dev/null || true; done) & scraper=$!
  fi
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$PROXY_PORT" > /dev/null
  local t0 t1 s0 s1 load
  s0=($(threadstats "$1")); t0=$(ticks "$proxy")
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$PROXY_PORT" > "$OUT/wrk-$1-$round.txt"
  t1=$(ticks "$proxy"); s1=($(threadstats "$1"))
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$1" = on ]; then
    curl -sf "127.0.0.1:$STATUS_PORT/metrics" | grep '^gateway_requests_total' > "$OUT/metrics-$round.txt" || true
  fi
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null || true
  kill "$proxy"; wait "$proxy" 2>/dev/null || true
  local rps p99 requests errors us bytes loop_us
  rps=$(wrk_rps "$OUT/wrk-$1-$round.txt")
  p99=$(wrk_p99 "$OUT/wrk-$1-$round.txt")
  requests=$(wrk_requests "$OUT/wrk-$1-$round.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$1-$round.txt" | tr '\n' ' ')
  us=$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  bytes=$(awk -v a=$((s1[0] - s0[0])) -v n="$requests" 'BEGIN { printf "%.0f", a / n }')
  loop_us=$(awk -v c=$((s1[1] - s0[1])) -v n="$requests" 'BEGIN { printf "%.2f", c / 1000 / n }')
  echo "$round $1 $rps $p99 $us $bytes $load $loop_us" >> "$OUT/rounds.txt"
  echo "round $round, $1: $rps req/s, p99 $p99, process CPU $us us/request, event loops $loop_us us and $bytes B allocated per request, load $load ${errors}"
}

paired() { # on and off at the same time, each with its own wrk
  local on_port=$((PROXY_PORT + 10)) off_port=$((PROXY_PORT + 11))
  "${JAVA[@]}" io.gatewatch.netty.TestProxy proxy $on_port $UPSTREAM_PORT on $STATUS_PORT > "$OUT/paired-on.log" 2>&1 &
  local on=$!
  "${JAVA[@]}" io.gatewatch.netty.TestProxy proxy $off_port $UPSTREAM_PORT off > "$OUT/paired-off.log" 2>&1 &
  local off=$!
  for port in $on_port $off_port; do
    await_url "127.0.0.1:$port/users/ready" 100
  done
  (while sleep 1; do curl -sf "127.0.0.1:$STATUS_PORT/metrics" > /dev/null || true; done) & local scraper=$!
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$on_port" > /dev/null &
  local warm=$!
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$off_port" > /dev/null
  wait "$warm"
  for round in $(seq 1 "$ROUNDS"); do
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$on_port" > "$OUT/paired-on-$round.txt" &
    local w=$!
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$off_port" > "$OUT/paired-off-$round.txt"
    wait "$w"
    local a b
    a=$(wrk_rps "$OUT/paired-on-$round.txt"); b=$(wrk_rps "$OUT/paired-off-$round.txt")
    echo "$round $a $b $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/paired.txt"
    echo "paired round $round: on $a req/s, off $b req/s, on/off $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')"
  done
  kill "$scraper" "$on" "$off" 2>/dev/null || true
  wait "$on" "$off" 2>/dev/null || true
  sort -n -k1 "$OUT/paired.txt" | awk '{ r[NR] = $2 / $3 } END {
    n = NR; for (i = 2; i <= n; i++) { t = r[i]; for (j = i - 1; j >= 1 && r[j] > t; j--) r[j+1] = r[j]; r[j+1] = t }
    printf "paired on/off throughput: median %.3f (%.3f-%.3f, %d rounds; target >= 0.97)\n", n % 2 ? r[(n+1)/2] : (r[n/2] + r[n/2+1]) / 2, r[1], r[n], n }'
}

if [ "${PAIRED:-0}" = 1 ]; then
  rm -f "$OUT/paired.txt"
  paired
  exit 0
fi

rm -f "$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  # rotate the order, so that a neighbour's burst does not always land on the same mode
  modes=(on runtime off)
  for i in 0 1 2; do run "${modes[$(( (i + round - 1) % 3 ))]}"; done
done

# medians and spread (min-max) per mode, and the ratio of the medians
awk 'function us(v){ if (v ~ /us$/) return v+0; if (v ~ /ms$/) return v*1000; if (v ~ /s$/) return v*1e6; return v }
     function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
                                    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
     { k = ++n[$2]; r[$2, k] = $3; p[$2, k] = us($4); c[$2, k] = $5; b[$2, k] = $6; l[$2, k] = $8 }
     END {
       for (m in n) {
         delete x; delete y; delete z; delete w; delete v
         for (i = 1; i <= n[m]; i++) { x[i] = r[m, i]; y[i] = p[m, i]; z[i] = c[m, i]; w[i] = b[m, i]; v[i] = l[m, i] }
         mr[m] = med(x, n[m]); mp[m] = med(y, n[m]); mc[m] = med(z, n[m]); mb[m] = med(w, n[m]); ml[m] = med(v, n[m])
         printf "%s: median %.0f req/s (%.0f-%.0f), p99 %.0f us (%.0f-%.0f), process CPU %.1f us/request (%.1f-%.1f), event loops %.2f us/request (%.2f-%.2f) and %.0f B/request (%.0f-%.0f) (%d rounds)\n",
                m, mr[m], x[1], x[n[m]], mp[m], y[1], y[n[m]], mc[m], z[1], z[n[m]], ml[m], v[1], v[n[m]], mb[m], w[1], w[n[m]], n[m]
       }
       printf "throughput on/off %.3f (target >= 0.97), on/runtime %.3f; p99 on/off %.3f; process CPU per request on-off %+.1f us, on-runtime %+.1f us; event loops per request on-off %+.2f us and %+.0f B, on-runtime %+.2f us and %+.0f B\n",
              mr["on"] / mr["off"], mr["on"] / mr["runtime"], mp["on"] / mp["off"], mc["on"] - mc["off"], mc["on"] - mc["runtime"],
              ml["on"] - ml["off"], mb["on"] - mb["off"], ml["on"] - ml["runtime"], mb["on"] - mb["runtime"]
     }' "$OUT/rounds.txt"
