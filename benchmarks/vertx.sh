#!/usr/bin/env bash
# The Vert.x Web example proxy (adapters-vertx's ExampleProxy) under wrk, two ways in alternating rounds:
#   on   metrics enabled in the Vert.x options, gatewatch-vertx records every request, its /metrics
#        scraped by Prometheus every second
#   off  the same proxy without metrics options: nothing of gatewatch runs
# The upstream runs in the same process on its own Vert.x (one event loop, in both modes) and answers
# at once. Per round: throughput, p99, and the process's CPU per request (from /proc; it includes the
# upstream and wrk's load is outside it).
# Needs: wrk, prometheus, curl, python3. Usage: [WARMUP=10] benchmarks/vertx.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ROUNDS="${1:-5}"
SECONDS_PER_RUN="${2:-10}"
WARMUP="${WARMUP:-10}"
OUT=benchmarks/target/vertx
mkdir -p "$OUT"

if [ ! -f "$OUT/classpath.txt" ] || [ -n "${REBUILD:-}" ]; then
  mvn -q -B -o -pl adapters-vertx -am package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  echo "adapters-vertx/target/test-classes:adapters-vertx/target/classes:$(cat adapters-vertx/target/test-classpath.txt)" > "$OUT/classpath.txt"
fi
CP=$(cat "$OUT/classpath.txt")

GW_PORT=$(free_port); STATUS_PORT=$(free_port); PROM_PORT=$(free_port)

prometheus_scraping "$OUT/prometheus.yml" "127.0.0.1:$STATUS_PORT"
start_prometheus "$OUT/prometheus.yml" "$PROM_PORT" "$OUT/prometheus.log"

cat > "$OUT/get.lua" <<'LUA'
request = function() return wrk.format("GET", "/users/" .. math.random(1, 50)) end
LUA


run() { # $1 = on|off
  java -Xmx256m -cp "$CP" -Dgatewatch.status.host=127.0.0.1 -Dgatewatch.status.port=$STATUS_PORT \
    -Dgatewatch.status.drain-delay=0s io.gatewatch.vertx.example.ExampleProxy "$GW_PORT" "$1" > "$OUT/proxy-$1.log" 2>&1 &
  local gw=$!
  await_url "127.0.0.1:$GW_PORT/users/1" 150
  wrk -t2 -c32 -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > "$OUT/warmup-$1-$round.txt"
  local gw0 gw1 load
  gw0=$(ticks "$gw")
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > "$OUT/wrk-$1-$round.txt"
  gw1=$(ticks "$gw")
  load=$(cut -d' ' -f1 /proc/loadavg)
  local recorded=-
  if [ "$1" = on ]; then # every request is counted once: wrk's warm-up and measured ones, and the start-up probe that answered
    recorded=$(curl -sf "127.0.0.1:$STATUS_PORT/metrics" | awk '/^gateway_requests_total\{/ {n += $NF} END {printf "%d", n}')
  fi
  # wrk reports the requests it completed; each of its two runs stops with up to 32 more in flight,
  # which the proxy still serves and counts
  local sent check=""
  sent=$(awk '/requests in/ {n += $1} END {print n + 1}' "$OUT/warmup-$1-$round.txt" "$OUT/wrk-$1-$round.txt")
  if [ "$recorded" != - ]; then
    if [ "$recorded" -ge "$sent" ] && [ "$recorded" -le $((sent + 64)) ]; then check=" (count ok)"; else check=" (COUNT MISMATCH)"; fi
  fi
  kill "$gw"; wait "$gw" 2>/dev/null || true
  local rps p99 requests non2xx gw_us
  rps=$(wrk_rps "$OUT/wrk-$1-$round.txt")
  p99=$(wrk_p99 "$OUT/wrk-$1-$round.txt")
  requests=$(wrk_requests "$OUT/wrk-$1-$round.txt")
  non2xx=$(wrk_non2xx "$OUT/wrk-$1-$round.txt")
  gw_us=$(awk -v t=$((gw1 - gw0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  echo "$round $1 $rps $p99 $gw_us $load $non2xx" >> "$OUT/rounds.txt"
  echo "round $round, $1: $rps req/s, p99 $p99, CPU $gw_us us/request, load $load, non-2xx $non2xx, completed $sent, recorded $recorded$check"
}

rm -f "$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  # alternate which mode goes first, so a neighbour's burst does not always land on the same one
  if [ $((round % 2)) -eq 1 ]; then run on; run off; else run off; run on; fi
done

python3 - "$OUT/rounds.txt" <<'PY'
import statistics, sys
def us(v):
    for unit, f in (("us", 1), ("ms", 1e3), ("s", 1e6)):
        if v.endswith(unit):
            return float(v[:-len(unit)]) * f
    return float(v)
rows = [l.split() for l in open(sys.argv[1])]
by = {m: [r for r in rows if r[1] == m] for m in ("on", "off")}
def med(m, i, f=float): return statistics.median(f(r[i]) for r in by[m])
def spread(m, i, f=float): vals = [f(r[i]) for r in by[m]]; return min(vals), max(vals)
for m in ("on", "off"):
    lo, hi = spread(m, 2)
    print(f"{m}: median {med(m, 2):.0f} req/s (range {lo:.0f}-{hi:.0f}), p99 median {med(m, 3, us):.0f} us, "
          f"CPU median {med(m, 4):.1f} us/request, load median {med(m, 5):.2f}, rounds {len(by[m])}")
ratios = sorted(float(a[2]) / float(b[2]) for a, b in zip(by["on"], by["off"]))
print(f"throughput on/off: median of per-round ratios {statistics.median(ratios):.3f} (range {ratios[0]:.3f}-{ratios[-1]:.3f}; target >= 0.97)")
print(f"p99 on/off {med('on', 3, us) / med('off', 3, us):.3f}; CPU per request on - off {med('on', 4) - med('off', 4):+.1f} us")
PY
