#!/usr/bin/env bash
# Where the sample gateway's extra CPU per request goes. The gateway under wrk in several
# configurations: by default everything off, everything on as in e2e.sh ("all") and recording with
# the access log; CONFIGS can also name recording alone or recording plus one component (vitals,
# scrapes, statsd, datadog, json-file). Every configuration runs once per round in a rotated order
# (a neighbour's burst does not always land on the same one). Per configuration it prints the
# median and range over the rounds of throughput, the process's CPU per request (/proc, over the
# measured window) and bytes allocated per request; and per group of threads (each gatewatch
# component runs on threads named after it) the CPU and bytes they spent, from a JFR recording of
# two events only: each thread's CPU load every second and each thread's allocation totals. Per
# thread, a background component's cost shows as it is, per second, however few requests a
# crowded machine lets the gateway serve.
# Needs: wrk, prometheus, node (the StatsD daemon from .ci/install-peers), jcmd, jfr.
# Usage: [PUSH_INTERVAL=10s] [WARMUP=5] [CONFIGS="off all access-log"] benchmarks/e2e-parts.sh [rounds] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-10}"
PUSH_INTERVAL="${PUSH_INTERVAL:-10s}"
CONFIGS="${CONFIGS:-off all access-log}"
OUT=benchmarks/target/e2e-parts
mkdir -p "$OUT"
GATEWAY_JAR=plugins-sample/target/gatewatch-sample-gateway.jar
[ -f "$GATEWAY_JAR" ] || mvn -q -B -DskipTests -pl plugins-sample -am package
[ -f benchmarks/target/benchmarks.jar ] || mvn -q -B -DskipTests -pl benchmarks -am package

# free ports, so that other builds and benchmarks on the machine cannot answer in our place
read -r GW_PORT STATUS_PORT STATSD_PORT STATSD_ADMIN INTAKE_PORT PROM_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
gw=""

start_push_peers "$OUT" "$STATSD_PORT" "$STATSD_ADMIN" "$INTAKE_PORT"
# scrapes every configuration's status port; /metrics answers 404 where the exporter is off
prometheus_scraping "$OUT/prometheus.yml" "127.0.0.1:$STATUS_PORT"
start_prometheus "$OUT/prometheus.yml" "$PROM_PORT" "$OUT/prometheus.log"

cat > "$OUT/get.lua" <<'LUA'
request = function() return wrk.format("GET", "/api/flaky/" .. math.random(1, 50)) end
LUA
# JFR with two events: each thread's allocated bytes (when the recording starts and ends) and each
# thread's CPU load (every second), so that CPU and garbage are charged to the threads that spent them
cat > "$OUT/threads.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
  <event name="jdk.ThreadCPULoad"><setting name="enabled">true</setting><setting name="period">1 s</setting></event>
</configuration>
JFC


# the settings of one configuration, on top of everything off
settings() {
  local recording=false vitals=false prometheus=false statsd=false datadog=false jsonfile=false accesslog=false
  case "$1" in
    off) ;;
    recording) recording=true ;;
    vitals) recording=true; vitals=true ;;
    scrapes) recording=true; prometheus=true ;;
    statsd) recording=true; statsd=true ;;
    datadog) recording=true; datadog=true ;;
    json-file) recording=true; jsonfile=true ;;
    access-log) recording=true; accesslog=true ;;
    # e2e.sh's "on": the access log is off there (its default)
    all) recording=true; vitals=true; prometheus=true; statsd=true; datadog=true; jsonfile=true ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
  echo "-Dsample-gateway.recording=$recording -Dgatewatch.vitals.enabled=$vitals
    -Dgatewatch.exporters.prometheus.enabled=$prometheus
    -Dgatewatch.exporters.statsd.enabled=$statsd -Dgatewatch.exporters.statsd.port=$STATSD_PORT
    -Dgatewatch.exporters.statsd.interval=$PUSH_INTERVAL
    -Dgatewatch.exporters.datadog.enabled=$datadog -Dgatewatch.exporters.datadog.api-key=bench-key-0000
    -Dgatewatch.exporters.datadog.uri=http://127.0.0.1:$INTAKE_PORT -Dgatewatch.exporters.datadog.interval=$PUSH_INTERVAL
    -Dgatewatch.exporters.json-file.enabled=$jsonfile -Dgatewatch.exporters.json-file.path=$OUT/metrics.jsonl
    -Dgatewatch.access-log.enabled=$accesslog -Dgatewatch.access-log.output=$OUT/access.jsonl"
}

# per group of threads: CPU seconds (JFR's per-thread load, normalised by the processor count,
# times its period) and bytes allocated during the recording; what the process spent outside Java
# threads (GC workers, the JIT's native work) is the process's /proc CPU minus the Java threads'
by_thread_group() { # $1 = recording, $2 = process CPU seconds in the window, $3 = requests
  jfr print --json --events jdk.ThreadAllocationStatistics,jdk.ThreadCPULoad "$1" | python3 -c '
import json, os, re, sys
events = json.load(sys.stdin)["recording"]["events"]
groups = [("vitals", "gatewatch-vitals"), ("datadog", "gatewatch-exporter-datadog|dd-|jersey|HttpUrlConnection"),
          ("statsd", "gatewatch-exporter-statsd|StatsD"), ("json-file", "gatewatch-exporter-json"),
          ("status listener (scrapes, probes)", "gatewatch-status"), ("access log", "access-log"),
          ("health checks", "gatewatch-health"), ("JIT compiler", "Compiler"), ("other gatewatch", "gatewatch")]
def group(name):
    for g, pattern in groups:
        if re.search(pattern, name, re.I):
            return g
    return "gateway (request path, upstream, JDK)"
cpu, first, last = {}, {}, {}
allocs = sorted((e for e in events if e["type"] == "jdk.ThreadAllocationStatistics"), key=lambda e: e["values"]["startTime"])
start = allocs[0]["values"]["startTime"][:19]
ncpu = os.cpu_count()
for e in events:
    v = e["values"]
    name = (v.get("eventThread") or v.get("thread") or {}).get("javaName") or "?"
    if e["type"] == "jdk.ThreadCPULoad":
        cpu[group(name)] = cpu.get(group(name), 0) + (v["user"] + v["system"]) * ncpu  # one-second periods
    else:
        key = (group(name), v["thread"]["javaThreadId"])
        (first if v["startTime"][:19] == start else last)[key] = v["allocated"]
alloc = {}
for key, value in last.items():
    alloc[key[0]] = alloc.get(key[0], 0) + value - first.get(key, 0)
process, requests = float(sys.argv[1]), float(sys.argv[2])
cpu["GC and other native threads"] = max(0.0, process - sum(cpu.values()))
for g in sorted(set(cpu) | set(alloc)):
    print("%s\t%.4f\t%d\t%.0f" % (g, cpu.get(g, 0.0), alloc.get(g, 0), requests))
' "$2" "$3"
}

run() { # $1 = configuration
  rm -f "$OUT/access.jsonl"
  # shellcheck disable=SC2046
  java -Xmx512m ${GATEWAY_OPTS:-} -cp "$GATEWAY_JAR" \
    -Dsample-gateway.host=127.0.0.1 -Dsample-gateway.port=$GW_PORT \
    -Dsample-gateway.upstreams.flaky.latency=0ms -Dsample-gateway.upstreams.flaky.error-rate=0 \
    -Dgatewatch.status.host=127.0.0.1 -Dgatewatch.status.port=$STATUS_PORT -Dgatewatch.status.drain-delay=0s \
    $(settings "$1") \
    io.gatewatch.sample.gateway.SampleGateway > "$OUT/gateway-$1.log" 2>&1 &
  gw=$!
  # the status listener comes up before the gateway's port: wait for a proxied answer (2 min on a crowded machine)
  await_url "127.0.0.1:$GW_PORT/api/flaky/1" 600
  wrk -t2 -c32 -d"${WARMUP:-5}s" -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > /dev/null   # warm-up
  local gw0 gw1 load jfr0 jfr1
  jcmd "$gw" JFR.start name=threads settings="$PWD/$OUT/threads.jfc" > /dev/null
  jfr0=$(ticks "$gw"); gw0=$jfr0
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > "$OUT/wrk-$1-$round.txt"
  gw1=$(ticks "$gw")
  load=$(cut -d' ' -f1 /proc/loadavg)
  jcmd "$gw" JFR.stop name=threads filename="$PWD/$OUT/threads-$1.jfr" > /dev/null
  jfr1=$(ticks "$gw")
  kill "$gw"; wait "$gw" 2>/dev/null || true; gw=""
  local rps requests cpu_us bytes
  rps=$(wrk_rps "$OUT/wrk-$1-$round.txt")
  requests=$(wrk_requests "$OUT/wrk-$1-$round.txt")
  cpu_us=$(awk -v t=$((gw1 - gw0)) -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  # the recording's window holds the measured one and a little more (jcmd's time on a busy machine)
  by_thread_group "$OUT/threads-$1.jfr" "$(awk -v t=$((jfr1 - jfr0)) -v hz="$HZ" 'BEGIN { print t / hz }')" "$requests" \
    | sed "s/^/$round\t$1\t/" >> "$OUT/groups.txt"
  bytes=$(awk -F'\t' -v r="$round" -v c="$1" -v n="$requests" '$1 == r && $2 == c { b += $5 } END { printf "%.0f", b / n }' "$OUT/groups.txt")
  echo "$round $1 $rps $cpu_us $bytes $load" >> "$OUT/rounds.txt"
  echo "round $round, $1: $rps req/s, gateway CPU $cpu_us us/request, $bytes B/request allocated, load $load"
}

rm -f "$OUT/rounds.txt" "$OUT/groups.txt"
read -r -a configs <<< "$CONFIGS"
n=${#configs[@]}
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((n - 1))); do
    run "${configs[$(( (i + round - 1) % n ))]}"
  done
done

# per configuration: median and range of each figure, and the median CPU and allocation above "off"
python3 - "$OUT/rounds.txt" "$CONFIGS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
order = sys.argv[2].split()
by = {c: [r for r in rows if r[1] == c] for c in order}
med = lambda c, i: statistics.median(float(r[i]) for r in by[c])
base_cpu = med("off", 3) if by.get("off") else None
base_b = med("off", 4) if by.get("off") else None
print("\n| configuration | req/s median (range) | CPU µs/request median (range) | vs off | B/request median (range) | vs off |")
print("|---|---|---|---|---|---|")
for c in order:
    if not by[c]:
        continue
    rng = lambda i: (min(float(r[i]) for r in by[c]), max(float(r[i]) for r in by[c]))
    rps, cpu, b = rng(2), rng(3), rng(4)
    dc = "" if base_cpu is None else f"{med(c, 3) - base_cpu:+.1f}"
    db = "" if base_b is None else f"{med(c, 4) - base_b:+.0f}"
    print(f"| {c} | {med(c, 2):,.0f} ({rps[0]:,.0f}–{rps[1]:,.0f}) | {med(c, 3):.1f} ({cpu[0]:.1f}–{cpu[1]:.1f}) | {dc} "
          f"| {med(c, 4):,.0f} ({b[0]:,.0f}–{b[1]:,.0f}) | {db} |")
loads = [float(r[5]) for r in rows]
print(f"\n{len(rows)} runs, one-minute load average {min(loads):.1f}–{max(loads):.1f} on {__import__('os').cpu_count()} cores")
PY

# per configuration and group of threads: CPU µs and bytes per request, medians over the rounds
python3 - "$OUT/groups.txt" "$CONFIGS" "$SECONDS_PER_RUN" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
window = float(sys.argv[3])  # the recording holds the measured window and a little more: an upper bound per second
for c in sys.argv[2].split():
    mine = [r for r in rows if r[1] == c]
    if not mine:
        continue
    print(f"\n{c}: by group of threads, median over rounds (range)")
    print("| threads | CPU µs/request | B/request | CPU ms/s | KB/s |")
    print("|---|---|---|---|---|")
    f = lambda xs, p: f"{statistics.median(xs):,.{p}f} ({min(xs):,.{p}f}–{max(xs):,.{p}f})"
    for g in sorted({r[2] for r in mine}):
        cpu = [float(r[3]) * 1e6 / float(r[5]) for r in mine if r[2] == g]
        b = [float(r[4]) / float(r[5]) for r in mine if r[2] == g]
        ms = [float(r[3]) * 1e3 / window for r in mine if r[2] == g]
        kb = [float(r[4]) / 1024 / window for r in mine if r[2] == g]
        print(f"| {g} | {f(cpu, 2)} | {f(b, 0)} | {f(ms, 1)} | {f(kb, 0)} |")
PY
