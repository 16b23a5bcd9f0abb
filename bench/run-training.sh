#!/usr/bin/env bash
# Issue 15's training numbers in one run, on this machine (docs/performance.md, "Batched training"):
#   1. JMH: one epoch of 10,000 MNIST-shaped items (N = 794, K = 256, batch 128, class neurons trained) for
#      n = 3, 10, 30 - the per-item path, the batched path on the scalar kernels, Panama 1 and 2 threads
#      (DamTrainingBench) - and the two matrix products of one batch (GemmBench), with the measured clock
#   2. PyTorch: the same epoch vectorised over the batch (bench/python/dam_train_torch.py --bench),
#      torch.set_num_threads(1) and (2)
#   3. (--accuracy) the same settings trained on real MNIST by both, test accuracy after each epoch
# Usage (repository root): bench/run-training.sh [--no-build] [--quick] [--accuracy]
# Output: $OUT (default bench/target/training-run): machine.txt, clock.txt, fma.txt (one core's FMA rate: the peak), jmh.txt/json, torch.json, summary.md.
# Run it on an otherwise idle machine: the JMH rows are wall-clock times, and two benchmarks never share it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1; quick=0; accuracy=0
for a in "$@"; do
  case $a in
    --no-build) build=0 ;;
    --quick) quick=1 ;;
    --accuracy) accuracy=1 ;;
    *) echo "usage: bench/run-training.sh [--no-build] [--quick] [--accuracy]" >&2; exit 2 ;;
  esac
done
[[ $build == 1 ]] && mvn -B -q -pl bench -am -DskipTests package
bench/python/install-torch.sh
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
JAR=bench/target/benchmarks.jar
OUT="${OUT:-bench/target/training-run}"
mkdir -p "$OUT"
# the Panama and per-item epochs in 3 forks (one fork's epochs vary less than forks do: the compiled code and the
# memory layout differ from JVM to JVM), the scalar reference (4 s an epoch) in one. Six warm-up epochs: with two
# training threads on a 2-core machine the JIT's compiler threads get little CPU, and the 2-thread forks' 2nd to 4th
# epochs were still up to 1.6x slower than the settled ones (Zen 1 record of 2026-12-04, 3 warm-ups: its 2-thread
# medians included them)
if [[ $quick == 1 ]]; then
  JMH=(-f 1 -wi 4 -i 3); SCALAR=(-f 1 -wi 1 -i 2); TORCH=(--warmup 1 --repeats 3); GEMM=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
else
  JMH=(-f 3 -wi 6 -i 9); SCALAR=(-f 1 -wi 1 -i 5); TORCH=(--warmup 2 --repeats 7); GEMM=(-f 3 -wi 3 -w 2s -i 5 -r 2s)
fi
log() { echo "== $(date -u +%H:%M:%S) $* (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/progress.txt" >&2; }

log machine
{
  date -u; uptime
  lscpu | grep -E 'Model name|^CPU\(s\)|L1d|L2|L3' || true
  grep -m1 -o -E 'avx512f|avx2' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
  "$JAVA" -version 2>&1
  /usr/bin/python3 -c 'import torch; print("torch", torch.__version__, torch.__config__.parallel_info().splitlines()[0])'
} > "$OUT/machine.txt" 2>&1
GHZ=3.0
if command -v gcc > /dev/null; then
  gcc -O2 bench/clock.c -o "$OUT/clock" && "$OUT/clock" | tee "$OUT/clock.txt"
  GHZ=$(awk '{print $1}' "$OUT/clock.txt")
  # one core's FMA rate in registers, the peak the matrix products are measured against (-march=native: AVX-512
  # where the machine has it, else AVX2)
  gcc -O2 -march=native -pthread bench/fma-scaling.c -o "$OUT/fma-scaling" && "$OUT/fma-scaling" | tee "$OUT/fma.txt" \
    && rm -f "$OUT/fma-scaling"
fi

log "1. JMH: training epochs and the two matrix products"
"$JAVA" -jar "$JAR" 'dev.engram.bench.models.DamTrainingBench' -p variant=per-item,batched-1,batched-2,bits-1,bits-2 \
  "${JMH[@]}" \
  -rf json -rff "$OUT/jmh-epoch.json" > "$OUT/jmh-epoch.txt" 2>&1
# in a sweep's JVM: Panama 1 thread at n = 10 and 30 after three epochs at n = 4 (the compiled kernels depend on what
# ran before; the vector power of the kernels was boxed there before it was taken in passes over arrays)
"$JAVA" -jar "$JAR" 'dev.engram.bench.models.DamTrainingBench' -p variant=batched-1 -p after=4 -p n=10,30 "${JMH[@]}" \
  -rf json -rff "$OUT/jmh-epoch-after.json" > "$OUT/jmh-epoch-after.txt" 2>&1
"$JAVA" -jar "$JAR" 'dev.engram.bench.models.DamTrainingBench' -p variant=batched-scalar "${SCALAR[@]}" \
  -rf json -rff "$OUT/jmh-epoch-scalar.json" > "$OUT/jmh-epoch-scalar.txt" 2>&1
"$JAVA" -jar "$JAR" 'dev.engram.bench.kernels.GemmBench' "${GEMM[@]}" -rf json -rff "$OUT/jmh-gemm.json" > "$OUT/jmh-gemm.txt" 2>&1

log "2. PyTorch: the same epoch, 1 and 2 threads"
OMP_WAIT_POLICY=passive /usr/bin/python3 bench/python/dam_train_torch.py --bench --n 3,10,30 --threads 1,2 \
  "${TORCH[@]}" --json "$OUT/torch.json" > "$OUT/torch.txt" 2>&1

if [[ $accuracy == 1 ]]; then
  log "3. accuracy: Engram and PyTorch, the same settings on MNIST"
  SET=(--n 3 --temperature 0.12361 --init-std 1.0 --train 10000 --epochs 10)
  /usr/bin/python3 bench/python/dam_train_torch.py --mnist data --subset random "${SET[@]}" --threads 2 \
    --json "$OUT/torch-mnist.json" > "$OUT/torch-mnist.txt" 2>&1
  "$JAVA" --add-modules jdk.incubator.vector -cp "$JAR" dev.engram.bench.peers.DamMnistAccuracy data \
    n=3 temperature=0.12361 init-std=1.0 train=10000 epochs=10 > "$OUT/engram-mnist.txt" 2>&1
  # the same with the two products from the packed bits (other float rounding, same settings)
  "$JAVA" --add-modules jdk.incubator.vector -cp "$JAR" dev.engram.bench.peers.DamMnistAccuracy data \
    n=3 temperature=0.12361 init-std=1.0 train=10000 epochs=10 training=batched-bits > "$OUT/engram-mnist-bits.txt" 2>&1
fi
log done
# the clock again: a shared host's turbo can change during the run (seen here: 3.45 to 3.92 GHz within an hour)
[[ -x "$OUT/clock" ]] && "$OUT/clock" | tee "$OUT/clock-after.txt" && rm -f "$OUT/clock"
/usr/bin/python3 bench/python/training_summary.py "$OUT" "$GHZ" | tee "$OUT/summary.md"
