#!/usr/bin/env bash
# Runs the kernel benchmarks behind the table in docs/performance.md ("## Kernels"): scalar and Panama of each
# kernel in the same JMH run. Build first:  mvn -B -q -pl bench -am -DskipTests package
# Usage: bench/run-kernel-benchmarks.sh [group ...]   (default: all groups; results in $OUT, default docs/bench)
# PROF=gc adds the allocation profiler (B/op in the table: 0 means no boxed vectors).
# Then:  python3 bench/kernel-table.py docs/bench/*.json
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=bench/target/benchmarks.jar
OUT=${OUT:-docs/bench}
COMMON=(-f 1 -wi 3 -w 1s -i 5 -r 1s ${PROF:+-prof $PROF})
mkdir -p "$OUT"

run() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" "$@" "${COMMON[@]}" -rf json -rff "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
}

group() {
  case $1 in
    linalg) run linalg 'FloatKernelsBench\.(dot|matVec)$' ;;
    linalg-mat) run linalg-mat 'FloatKernelsBench\.(matVecBipolar|matTVec)$' ;;
    elementwise) run elementwise 'FloatKernelsBench\.(axpy|scale|softmax|logSumExp)$' -p n=100,1024,4096 ;;
    interaction) run interaction 'FloatKernelsBench\.interaction$' -p n=100,1024,4096 -p f=polynomial:3,polynomial:30,exponential ;;
    bits) run bits 'BitKernelsBench' -p n=64,784,4096 ;;
    overlaps) run overlaps 'OverlapsBench' -p n=64,207,784,4096 ;;
    damfield) run damfield 'DamKernelsBench\.(damField|damFieldBits)$' -p k=1000 ;;
    damfield-k) run damfield-k 'DamKernelsBench\.(damField|damFieldBits)$' -p k=100,10000 -p f=polynomial:3,exponential ;;
    damfields) run damfields 'DamKernelsBench\.damFieldsBits$' -p f=polynomial:3,polynomial:30,exponential ;;
    damfields-float) run damfields-float 'DamKernelsBench\.damFields$' -p k=1000 -p f=polynomial:3,polynomial:30 ;;
    damtrain) run damtrain 'DamKernelsBench\.(damDerivatives|damEnergy)$' -p k=1000 -p f=polynomial:3,exponential ;;
    alloc) run alloc 'FloatKernelsBench\.(dot|matVec|matVecBipolar|matTVec)$|BitKernelsBench|OverlapsBench' -p backend=panama -p n=1024 -p k=1000 -prof gc ;;
    *) echo "unknown group $1" >&2; exit 2 ;;
  esac
}

if [ $# -eq 0 ]; then
  set -- linalg linalg-mat damfield overlaps damfields bits elementwise interaction damfield-k damfields-float damtrain
fi
for g in "$@"; do
  group "$g"
done
