#!/usr/bin/env bash
# The batch-recall numbers of docs/performance.md ("## Batch recall", issue 20) in one run, on this machine:
#   1. JMH ModernBatchBenchmark (1b: P = 1, flip = 0.9, the spread weights; 1c: +-1 patterns, noisy float probes): modern, N in {128, 1024}, K in {1000, 10000}, P in {1, 16, 256}, +-1 and Gaussian
#      patterns, 1 and 2 threads (recallBatch; P = 1 is the single-probe path)
#   2. JMH BatchRecallBenchmark: stored dam (sync, async) and hopfield batches through BatchRecall, 1 and 2 threads,
#      and the one-probe-at-a-time baseline
#   3. NumPy's batched forms (bench/python/batch_numpy.py) with one BLAS thread and with two
#   4. the clock (bench/clock.c), one core's FMA rate (bench/fma-scaling.c) and results.md (bench/python/batch_summary.py): µs per probe, GFLOP/s and % of
#      one core's FMA peak, Engram / NumPy, two threads / one
# Usage (repository root): bench/run-batch.sh [--no-build] [--quick]
# Output: docs/bench/batch-<UTC date>/ (or $OUT). Takes about 35 minutes (--quick: about 12). Run it on an
# otherwise idle machine: the JMH rows are wall-clock times.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
quick=0
for a in "$@"; do
  case $a in
    --no-build) build=0 ;;
    --quick) quick=1 ;;
    *) echo "usage: bench/run-batch.sh [--no-build] [--quick]" >&2; exit 2 ;;
  esac
done
[[ $build == 1 ]] && mvn -B -q -pl bench -am -DskipTests package
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JAR=bench/target/benchmarks.jar
OUT="${OUT:-docs/bench/batch-$(date -u +%Y-%m-%d)}"
mkdir -p "$OUT"
J=("$JAVA" --add-modules jdk.incubator.vector)
if [[ $quick == 1 ]]; then
  JMH=(-f 1 -wi 3 -w 1s -i 3 -r 1s); NUMPY=(--quick)
else
  JMH=(-f 1 -wi 5 -w 2s -i 5 -r 2s); NUMPY=()
fi
log() { echo "== $(date -u +%H:%M:%S) $* (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/progress.txt" >&2; }

log machine
{
  date -u
  uptime
  lscpu | grep -E 'Model name|^CPU\(s\)|Thread|Core|CPU family|^Model:|L1d|L2|L3' || true
  grep -m1 -o -E 'avx512f|avx2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
  "$JAVA" -version 2>&1
  python3 -c 'import numpy, platform; print("python", platform.python_version(), "numpy", numpy.__version__)'
} > "$OUT/machine.txt" 2>&1
"$JAVA" --add-modules jdk.incubator.vector -cp "$JAR" dev.engram.bench.peers.VectorBits \
  > "$OUT/vector-bits.txt" 2> /dev/null || echo 512 > "$OUT/vector-bits.txt"
if command -v gcc > /dev/null; then
  gcc -O2 bench/clock.c -o "$OUT/clock" && "$OUT/clock" | tee "$OUT/clock.txt" && rm -f "$OUT/clock"
  # one core's FMA rate in registers, the peak of the float path (-march=native: AVX-512 where the machine has it)
  gcc -O2 -march=native -pthread bench/fma-scaling.c -o "$OUT/fma-scaling" && "$OUT/fma-scaling" | tee "$OUT/fma.txt" \
    && rm -f "$OUT/fma-scaling"
fi

log "1. modern (JMH)"
"${J[@]}" -jar "$JAR" 'dev.engram.bench.peers.ModernBatchBenchmark' "${JMH[@]}" -rf json -rff "$OUT/modern.json" \
  > "$OUT/modern.txt" 2>&1

log "1b. modern single probe with spread weights (flip=0.9: no row left out of the sums)"
"${J[@]}" -jar "$JAR" 'dev.engram.bench.peers.ModernBatchBenchmark' "${JMH[@]}" -p p=1 -p patterns=bipolar \
  -p threads=1 -p flip=0.9 -rf json -rff "$OUT/modern-spread.json" > "$OUT/modern-spread.txt" 2>&1

log "1c. modern, noisy +-1 probes against +-1 memories (float probes scored against the packed bits)"
"${J[@]}" -jar "$JAR" 'dev.engram.bench.peers.ModernBatchBenchmark' "${JMH[@]}" -p patterns=bipolar \
  -p threads=1 -p noise=0.3 -rf json -rff "$OUT/modern-noisy.json" > "$OUT/modern-noisy.txt" 2>&1

log "2. dam and hopfield through BatchRecall (JMH)"
"${J[@]}" -jar "$JAR" 'dev.engram.bench.peers.BatchRecallBenchmark' "${JMH[@]}" -rf json -rff "$OUT/batch.json" \
  > "$OUT/batch.txt" 2>&1

log "3. NumPy, one BLAS thread and two"
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  python3 bench/python/batch_numpy.py "$OUT/numpy-1thread.json" "${NUMPY[@]}" > "$OUT/numpy-1thread.txt" 2>&1
OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 \
  python3 bench/python/batch_numpy.py "$OUT/numpy-2threads.json" "${NUMPY[@]}" > "$OUT/numpy-2threads.txt" 2>&1

log "4. summary"
python3 bench/python/batch_summary.py "$OUT" > /dev/null
log done
cat "$OUT/results.md"
