# Plumbing shared by the benchmark scripts; sourced after `cd` to the repository root, not run.
#   pids              processes stopped when the script exits (append with pids+=($!)); so is the
#                     script's $gw, the gateway of the round under way, if it keeps one there
#   ticks PID         CPU time (user + system) the process has used so far, in clock ticks ($HZ a second)
#   free_port         a free loopback port
#   await_url URL N   polls URL every 0.2 s until it answers 2xx, at most N times
#   wrk_rps, wrk_p99, wrk_requests, wrk_non2xx FILE   a figure from a wrk report
#   prometheus_scraping FILE TARGET   writes a Prometheus config scraping TARGET (host:port) every second
#   start_prometheus FILE PORT LOG    a Prometheus server on loopback with a throwaway store
#   start_push_peers DIR STATSD_PORT STATSD_ADMIN_PORT INTAKE_PORT
#                     the StatsD daemon (from .ci/install-peers) and the local Datadog intake
pids=()
stop_pids() { for p in "${pids[@]}" ${gw:-}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_pids EXIT

HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
await_url() { for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; return 0; }

wrk_rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
wrk_p99() { awk '$1=="99%" {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
wrk_non2xx() { local n; n=$(awk '/Non-2xx/ {print $NF}' "$1"); echo "${n:-0}"; }

prometheus_scraping() {
  cat > "$1" <<CONF
global: { scrape_interval: 1s }
scrape_configs:
  - job_name: gatewatch
    static_configs: [ { targets: ["$2"] } ]
CONF
}
start_prometheus() {
  prometheus --config.file="$1" --storage.tsdb.path="$(mktemp -d)" \
    --web.listen-address="127.0.0.1:$2" --log.level=warn > "$3" 2>&1 & pids+=($!)
}
start_push_peers() {
  cat > "$1/statsd.js" <<CONF
{ address: "127.0.0.1", port: $2, mgmt_address: "127.0.0.1", mgmt_port: $3,
  flushInterval: 10000, backends: [] }
CONF
  node .peers/statsd/node_modules/statsd/stats.js "$1/statsd.js" > "$1/statsd.log" 2>&1 & pids+=($!)
  java -cp benchmarks/target/benchmarks.jar io.gatewatch.benchmarks.LocalIntake "$4" > "$1/intake.log" 2>&1 & pids+=($!)
}
