#!/usr/bin/env bash
# Engram versus NumPy on identical workloads: builds the benchmark jar, then runs bench/python/compare.py
# (agreement check first, then NumPy timeit-style medians and JMH SampleTime medians, and their ratio).
# Usage (from the repository root): bench/compare-numpy.sh [--quick] [--workload SPEC]... [--no-build]
# Results: bench/target/peers/results.md and results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done
if [[ $build == 1 ]]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
JAVA="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
# Single-probe latency is single-threaded on the Java side; OpenBLAS threads on a busy 2-core machine cost NumPy
# 10-20x (spinning workers), so NumPy gets one BLAS thread unless the caller chooses otherwise.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
exec env JAVA="$JAVA" python3 bench/python/compare.py "${args[@]}"
