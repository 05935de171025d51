#!/usr/bin/env bash
# Builds the benchmarks and runs every comparison at 1 and 2 threads with the GC profiler, then
# prints gatewatch's ratios to each alternative measured in the same run. About 15 minutes on
# 2 cores. Usage: benchmarks/run.sh [JMH include regex, default: everything]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl benchmarks -am package
include="${1:-.*Benchmark.*}"
out=benchmarks/target/results
mkdir -p "$out"
for t in 1 2; do
  java -jar benchmarks/target/benchmarks.jar "$include" -t "$t" -prof gc \
    -rf csv -rff "$out/results-t$t.csv" | tee "$out/jmh-t$t.log" | grep -E '^(Benchmark|[A-Z][A-Za-z]+Benchmark\.[a-zA-Z]+ )' || true
done
java -cp benchmarks/target/benchmarks.jar io.gatewatch.benchmarks.Ratios "$out/results-t1.csv" "$out/results-t2.csv"
