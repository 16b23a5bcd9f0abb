#!/usr/bin/env bash
# Every number of the "Peers" section of docs/performance.md in one run, on this machine:
#   1. Engram vs NumPy, single-probe recall (agreement check first; bench/compare-numpy.sh)
#   2. Engram vs Encog 3.4, Hebbian store + recall at N = 1024 (JMH)
#   3. batch recall, 1 vs 2 threads (JMH wall time, and BatchScaling's CPU-time read-out)
#   4. roofline of the DAM field and overlap kernels (KernelRoofline, clock measured by bench/clock.c)
#   5. Panama vs scalar kernels on whole recalls (PeerLatency, CPU time)
# Usage (repository root): bench/run-peers.sh [--no-build] [--quick]
# Output: $OUT (default bench/target/peers-run): machine.txt, clock.txt, numpy.log + results.md/json, encog.txt/json,
# batch.txt/json, batch-scaling.txt, roofline.txt, backends.txt. Takes about 25 minutes (--quick: about 8).
# Run it on an otherwise idle machine: the JMH rows are wall-clock times.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
quick=0
for a in "$@"; do
  case $a in
    --no-build) build=0 ;;
    --quick) quick=1 ;;
    *) echo "usage: bench/run-peers.sh [--no-build] [--quick]" >&2; exit 2 ;;
  esac
done
[[ $build == 1 ]] && mvn -B -q -pl bench -am -DskipTests package
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JAR=bench/target/benchmarks.jar
OUT="${OUT:-bench/target/peers-run}"
mkdir -p "$OUT"
J=("$JAVA" --add-modules jdk.incubator.vector)
if [[ $quick == 1 ]]; then
  JMH=(-f 1 -wi 2 -w 1s -i 3 -r 1s); SECS=1; NUMPY=(--quick)
else
  JMH=(-f 1 -wi 3 -w 2s -i 5 -r 2s); SECS=3; NUMPY=()
fi
log() { echo "== $(date -u +%H:%M:%S) $* (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/progress.txt" >&2; }

log machine
{
  date -u
  uptime
  lscpu | grep -E 'Model name|^CPU\(s\)|CPU family|^Model:|L1d|L2|L3' || true
  grep -m1 -o -E 'avx512[a-z_]*|avx2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
  "$JAVA" -version 2>&1
  python3 -c 'import numpy, platform; print("python", platform.python_version(), "numpy", numpy.__version__)'
} > "$OUT/machine.txt" 2>&1
GHZ=3.0
if command -v gcc > /dev/null; then
  gcc -O2 bench/clock.c -o "$OUT/clock" && "$OUT/clock" | tee "$OUT/clock.txt"
  GHZ=$(awk '{print $1}' "$OUT/clock.txt")
fi

log "1. NumPy"
bench/compare-numpy.sh --no-build "${NUMPY[@]}" > "$OUT/numpy.log" 2>&1
cp bench/target/peers/results.md bench/target/peers/results.json "$OUT/"

log "2. Encog"
"${J[@]}" -jar "$JAR" 'dev.engram.bench.peers.EncogHopfieldBenchmark' "${JMH[@]}" -rf json -rff "$OUT/encog.json" > "$OUT/encog.txt" 2>&1

log "3. batch recall"
"${J[@]}" -jar "$JAR" 'dev.engram.bench.peers.BatchRecallBenchmark' "${JMH[@]}" -rf json -rff "$OUT/batch.json" > "$OUT/batch.txt" 2>&1
"${J[@]}" -cp "$JAR" dev.engram.bench.peers.BatchScaling "$SECS" 2 \
  'dam:N=1024:K=1000:P=256:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:recall=async' \
  'hopfield:N=1024:K=51:P=256:flip=0.1:seed=1:rule=hebbian:recall=async' > "$OUT/batch-scaling.txt" 2>&1

log "4. roofline at $GHZ GHz"
"${J[@]}" -cp "$JAR" dev.engram.bench.peers.KernelRoofline "$GHZ" "$SECS" > "$OUT/roofline.txt" 2>&1

log "5. Panama vs scalar, whole recalls"
for k in panama scalar; do
  "${J[@]}" -Dengram.kernels=$k -cp "$JAR" dev.engram.bench.peers.PeerLatency "$SECS" \
    'hopfield:N=1024:K=51:P=32:flip=0.1:seed=1:rule=hebbian:recall=async' \
    'dam:N=1024:K=1000:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:temperature=1:recall=async' \
    'modern:N=1024:K=1000:P=32:flip=0.2:seed=1:max-steps=1' 2>&1 | grep '^latency' | sed "s/^/$k /"
done > "$OUT/backends.txt"
log done
grep -h -E '^\|' "$OUT/results.md"
grep -h -E 'Benchmark|Bench\.' "$OUT/encog.txt" "$OUT/batch.txt" | grep -v '^#' || true
grep -v WARNING "$OUT/batch-scaling.txt" "$OUT/roofline.txt" "$OUT/backends.txt"
