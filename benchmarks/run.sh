#!/usr/bin/env bash
# Builds the benchmarks and runs every comparison with the GC profiler, then prints gatewatch's
# ratios to each alternative measured in the same run. The hot path runs at 1 and 2 threads; a
# scrape and a StatsD interval are one thread's work by nature (one scraper, one flush thread).
# About 12 minutes on 2 cores; add the end-to-end run with benchmarks/e2e.sh.
# Usage: benchmarks/run.sh [JMH include regex for the single-threaded part, default: Scrape|StatsdFlush]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl benchmarks -am package
out=benchmarks/target/results
mkdir -p "$out"
jmh() { java -jar benchmarks/target/benchmarks.jar "$@" -prof gc; }
for t in 1 2; do
  jmh HotPathBenchmark -t "$t" -rf csv -rff "$out/hotpath-t$t.csv" > "$out/hotpath-t$t.log"
  echo "hot path at $t thread(s): done"
done
jmh "${1:-ScrapeBenchmark|StatsdFlushBenchmark}" -rf csv -rff "$out/flush-t1.csv" > "$out/flush-t1.log"
grep -h -E "scrape output bytes|statsd interval" "$out/flush-t1.log" | sort -u
java -cp benchmarks/target/benchmarks.jar io.gatewatch.benchmarks.Ratios \
  "$out/hotpath-t1.csv" "$out/hotpath-t2.csv" "$out/flush-t1.csv"
