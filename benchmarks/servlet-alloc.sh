#!/usr/bin/env bash
# Where the servlet gateway's per-request allocation comes from, gatewatch on and off, in one
# container: JFR's allocation samples (jdk.ObjectAllocationSample, weighted by the bytes each
# stands for) over a wrk run, each sample charged to the nearest frame that is not the JDK's. Prints
# bytes per request per charged method for both modes side by side, largest differences first, so
# what the container allocates because of gatewatch (an attribute map, a wrapper it copies) shows
# beside what gatewatch's code allocates. Statistical: good to tens of bytes per request.
# Needs: wrk, curl, jcmd, jfr. Usage: [WARMUP=8] benchmarks/servlet-alloc.sh jetty|tomcat [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
CONTAINER="${1:-jetty}"
SECONDS_PER_RUN="${2:-8}"
WARMUP="${WARMUP:-8}"
OUT=benchmarks/target/servlet-alloc
mkdir -p "$OUT"
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || mvn -q -B -DskipTests -pl benchmarks -am package

gw=

profile() { # $1 = on|off
  local port status upstream
  port=$(free_port); status=$(free_port); upstream=$(free_port)
  java -Xmx512m -Dsun.net.httpserver.nodelay=true -cp "$JAR" io.gatewatch.benchmarks.servlet.ServletGateway \
    "$CONTAINER" "$1" "$port" "$status" "$upstream" > "$OUT/gateway-$1.log" 2>&1 &
  gw=$!
  await_url "127.0.0.1:$port/users/1" 150
  rm -f "$OUT/alloc-$1.jfr"
  jcmd "$gw" JFR.start name=alloc settings=profile filename="$(pwd)/$OUT/alloc-$1.jfr" > /dev/null
  wrk -t2 -c32 -d"${WARMUP}s" "http://127.0.0.1:$port/users/1" > /dev/null
  date -u +%Y-%m-%dT%H:%M:%S > "$OUT/from-$1"
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$port/users/1" > "$OUT/wrk-$1.txt"
  date -u +%Y-%m-%dT%H:%M:%S > "$OUT/to-$1"
  jcmd "$gw" JFR.stop name=alloc > /dev/null
  kill "$gw"; wait "$gw" 2>/dev/null || true; gw=
  jfr print --json --events jdk.ObjectAllocationSample "$OUT/alloc-$1.jfr" > "$OUT/alloc-$1.json"
}

profile on
profile off
python3 - "$OUT" <<'PY'
import json, sys, collections
out = sys.argv[1]
def charge(mode):
    events = json.load(open(f"{out}/alloc-{mode}.json"))["recording"]["events"]
    start, end = open(f"{out}/from-{mode}").read().strip(), open(f"{out}/to-{mode}").read().strip()
    requests = int(next(l.split()[0] for l in open(f"{out}/wrk-{mode}.txt") if "requests in" in l))
    by = collections.Counter(); total = 0; samples = 0
    for e in events:
        v = e["values"]
        if not (start <= v["startTime"][:19] < end):
            continue
        samples += 1; total += v["weight"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        where = "(JDK only)"
        for f in frames:
            cls = f["method"]["type"]["name"].replace("/", ".")
            if not cls.startswith(("java.", "jdk.", "sun.", "com.sun.")):
                where = cls.rsplit(".", 1)[-1] + "." + f["method"]["name"]
                break
        by[where] += v["weight"]
    print(f"{mode}: {requests} requests, {samples} samples, {total / requests:.0f} B/request in all")
    return {k: w / requests for k, w in by.items()}, total / requests
on, on_total = charge("on")
off, off_total = charge("off")
print(f"on - off: {on_total - off_total:+.0f} B/request")
rows = sorted(set(on) | set(off), key=lambda k: -abs(on.get(k, 0) - off.get(k, 0)))
print(f"{'charged to':60} {'on':>8} {'off':>8} {'on-off':>8}")
for k in rows[:20]:
    print(f"{k:60} {on.get(k, 0):8.0f} {off.get(k, 0):8.0f} {on.get(k, 0) - off.get(k, 0):+8.0f}")
PY
