#!/usr/bin/env bash
# Where the Spring Cloud Gateway example's per-request allocation comes from, with gatewatch on:
# JFR's allocation samples (jdk.ObjectAllocationSample, weighted by the bytes each stands for)
# over a wrk run, each sample charged to the nearest frame that is not the JDK's or Reactor
# core's (so an operator allocated by gatewatch's code is gatewatch's, one allocated by SCG's is
# SCG's). Prints bytes per request in all and those charged to gatewatch, per method.
# Statistical (a few thousand samples): good to tens of bytes per request, not to one object.
# Usage: [WARMUP=10] benchmarks/scg-alloc.sh [seconds]
set -euo pipefail
# The embedded upstreams are the JDK's HTTP server, which leaves Nagle's algorithm on unless told
# (sun.net.httpserver.nodelay): its small responses then wait for the gateway's delayed ACK, about
# 40 ms each, and every mode measures that wait instead of the gateway.
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
SECONDS_PER_RUN="${1:-10}"
WARMUP="${WARMUP:-10}"
OUT=benchmarks/target/scg-alloc
mkdir -p "$OUT"
JAR=adapters-spring-cloud-gateway/example/target/gatewatch-scg-example.jar
[ -f "$JAR" ] || mvn -q -B -DskipTests -pl adapters-spring-cloud-gateway/example -am package
GW_PORT=18380; STATUS_PORT=18351; MGMT_PORT=18381

cat > "$OUT/get.lua" <<'LUA'
wrk.headers["X-Api-Key"] = "key-ada"
request = function() return wrk.format("GET", "/users/" .. math.random(1, 50)) end
LUA
java -Xmx512m -Dexample.upstream.max-work-ms=0 -Dsun.net.httpserver.nodelay=true -jar "$JAR" \
  --server.address=127.0.0.1 --server.port=$GW_PORT \
  --management.server.address=127.0.0.1 --management.server.port=$MGMT_PORT \
  --management.endpoints.web.exposure.include=health --management.observations.enable.http.server.requests=false \
  --gatewatch.status.host=127.0.0.1 --gatewatch.status.port=$STATUS_PORT --gatewatch.status.drain-delay=0s \
  > "$OUT/gateway.log" 2>&1 &
gw=$!
await_url "127.0.0.1:$STATUS_PORT/health/ready" 300
rm -f "$OUT/alloc.jfr"
# started before the warm-up (starting JFR is heavy work of its own); only the measured window counts
jcmd "$gw" JFR.start name=alloc settings=profile filename="$(pwd)/$OUT/alloc.jfr" > /dev/null
wrk -t2 -c32 -d"${WARMUP}s" -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > /dev/null
from=$(date -u +%Y-%m-%dT%H:%M:%S)
wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" -s "$OUT/get.lua" "http://127.0.0.1:$GW_PORT" > "$OUT/wrk.txt"
to=$(date -u +%Y-%m-%dT%H:%M:%S)
jcmd "$gw" JFR.stop name=alloc > /dev/null
requests=$(wrk_requests "$OUT/wrk.txt")
jfr print --json --events jdk.ObjectAllocationSample "$OUT/alloc.jfr" > "$OUT/alloc.json"
python3 - "$OUT/alloc.json" "$requests" "$from" "$to" <<'PY'
import json, sys, collections
events = json.load(open(sys.argv[1]))["recording"]["events"]
requests, start, end = int(sys.argv[2]), sys.argv[3], sys.argv[4]
skip = ("java.", "jdk.", "sun.", "reactor.core.")  # the example application's own code is charged to no one
total, by_thread, ours, samples = 0, collections.Counter(), collections.Counter(), 0
def name(t): return t["name"].replace("/", ".")
for e in events:
    v = e["values"]
    if not (start <= v["startTime"][:19] < end):
        continue
    samples += 1
    weight = v["weight"]
    total += weight
    thread = (v.get("eventThread") or {}).get("javaName") or "?"
    by_thread["gateway (reactor-http-*)" if thread.startswith("reactor-http") else
               "embedded upstreams" if thread.startswith(("example-upstream", "HTTP-Dispatcher")) else "other threads"] += weight
    frames = (v.get("stackTrace") or {}).get("frames") or []
    for f in frames:
        m = f["method"]; cls = name(m["type"])
        if cls.startswith(skip):
            continue
        if cls.startswith("io.gatewatch.") and ".example." not in cls:
            ours[cls.rsplit(".", 1)[-1] + "." + m["name"] + " <- " + name(frames[0]["method"]["type"]).rsplit(".", 1)[-1]] += weight
        break
print(f"{requests} requests, {samples} allocation samples in the measured window")
print(f"all: {total / requests:.0f} B/request; charged to gatewatch: {sum(ours.values()) / requests:.0f} B/request")
for where, w in by_thread.most_common():
    print(f"  {w / requests:7.0f} B/request  {where}")
for where, w in ours.most_common(15):
    print(f"  {w / requests:7.0f} B/request  {where}")
PY
