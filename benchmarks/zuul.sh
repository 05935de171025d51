#!/usr/bin/env bash
# The Zuul 2 adapter tests' server (Zuul 2.6.9 with its origin, the JDK's HTTP server, in the same
# process) under wrk, two ways in alternating rounds, a fresh JVM for each:
#   on   gatewatch's module, RequestCompleteHandler and channel handler installed; /metrics
#        scraped every second
#   off  the same server without any of gatewatch (Zuul's own Spectator metrics stay on in both)
# Per round: throughput, p99, the process's CPU per request (from /proc; it includes the origin,
# the same in both modes), the bytes Zuul's event loops allocated per request over the whole run
# (warm-up included; read by the server from the JVM's per-thread counters when it stops), and in
# "on" rounds how many requests gatewatch counted against wrk's. On a shared machine throughput and
# CPU swing with the other load; the bytes per request hardly do.
# Needs: wrk, curl. Usage: [WARMUP=10] benchmarks/zuul.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-10}"
WARMUP="${WARMUP:-10}"
OUT=benchmarks/target/zuul
mkdir -p "$OUT"
# one invocation, so that the reactor's own jars are on the classpath it writes
mvn -q -B -DskipTests -pl adapters-zuul -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/classpath.txt"
CP="adapters-zuul/target/test-classes:adapters-zuul/target/classes:$(cat "$OUT/classpath.txt")"

ZUUL_PORT=18380; STATUS_PORT=18351
URL="http://127.0.0.1:$ZUUL_PORT/api/users/1"
counted() { curl -sf "127.0.0.1:$STATUS_PORT/metrics" \
  | awk '/^gateway_requests_total\{.*route="users-api"/ { n += $NF } END { printf "%d", n }'; }

run() { # $1 = on|off
  # the JDK's HTTP server leaves Nagle's algorithm on unless told, and its small answers would
  # then wait for Zuul's delayed ACK (about 40 ms each)
  java -Dsun.net.httpserver.nodelay=true -Xmx512m -cp "$CP" io.gatewatch.zuul.ZuulBenchmarkServer \
    "$1" "$ZUUL_PORT" "$STATUS_PORT" > "$OUT/server-$1.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  await_url "$URL" 300
  local scraper=""
  if [ "$1" = on ]; then
    ( while true; do curl -sf -o /dev/null "127.0.0.1:$STATUS_PORT/metrics" || true; sleep 1; done ) & scraper=$!
  fi
  wrk -t2 -c16 -d"${WARMUP}s" "$URL" > "$OUT/warmup-$1.txt"
  local before_count=0; [ "$1" = on ] && before_count=$(counted)
  local t0; t0=$(ticks "$pid")
  wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency "$URL" > "$OUT/wrk-$1.txt"
  local t1; t1=$(ticks "$pid")
  local rps p99 requests
  rps=$(wrk_rps "$OUT/wrk-$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$1.txt")
  requests=$(wrk_requests "$OUT/wrk-$1.txt")
  local cpu_us=$(( (t1 - t0) * 1000000 / HZ / (requests > 0 ? requests : 1) ))
  local note=""
  if [ "$1" = on ]; then
    sleep 1
    note="gatewatch counted $(( $(counted) - before_count )) of wrk's $requests"
    kill "$scraper" 2>/dev/null || true
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local warm allocated
  warm=$(awk '/requests in/ {print $1}' "$OUT/warmup-$1.txt")
  allocated=$(awk '/^event-loop-allocated-bytes/ {print $2}' "$OUT/server-$1.log")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p99" "$cpu_us" \
    "$(( allocated / (warm + requests) ))" "$note"
}

echo "Zuul 2.6.9, wrk -t2 -c16, ${SECONDS_PER_RUN} s after ${WARMUP} s of warm-up, $(date -u +%Y-%m-%d), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo '| mode | req/s | p99 | CPU µs/request | event-loop bytes/request | |'
echo '|---|---|---|---|---|---|'
for _ in $(seq 1 "$ROUNDS"); do run on; run off; done
