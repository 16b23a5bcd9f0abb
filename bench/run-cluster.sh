#!/usr/bin/env bash
# The cluster's numbers for docs/performance.md, on one machine over loopback:
#  1. coordination cost per trial: 200 trivial trials (hopfield, N = 32) on two workers;
#  2. mcalister-permuted-mnist-small: one local sweep (training on every core) against two local workers
#     (one training thread each) — the same trial ids and numbers, compared wall time.
# Needs MNIST (scripts/fetch-data.sh mnist) and a built tree (mvn -B -DskipTests package). Run on an idle machine.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
E="$here/bin/engram"
out="${1:-$here/bench/target/cluster-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$out"
export ENGRAM_CLUSTER_SECRET="bench-$$"
p1=$((20000 + RANDOM % 20000)); p2=$((p1 + 1))
"$E" --threads 1 worker --port "$p1" > w1.log 2>&1 & w1=$!
trap 'kill $w1 ${w2:-} 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "waiting for trials" w1.log 2>/dev/null && break; sleep 0.2; done
"$E" --threads 1 worker --port "$p2" --join "127.0.0.1:$p1" > w2.log 2>&1 & w2=$!
for _ in $(seq 100); do grep -q "with 2 workers" w2.log 2>/dev/null && break; sleep 0.2; done
{
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cpus; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  seeds=$(seq -s, 1 200)
  /usr/bin/time -f "trivial local: %e s wall" "$E" sweep --model hopfield --strategy naive --seeds "$seeds" --tasks 2 \
    --dimension 32 --items 3 --noise 0 --noise-probes 3 --out trivial-local 2>&1 | grep -E "Done|wall"
  /usr/bin/time -f "trivial cluster: %e s wall" "$E" sweep --cluster "127.0.0.1:$p1" --model hopfield --strategy naive \
    --seeds "$seeds" --tasks 2 --dimension 32 --items 3 --noise 0 --noise-probes 3 --out trivial-cluster 2>&1 \
    | grep -E "coordination|Done|wall"
  /usr/bin/time -f "permuted-small local: %e s wall, %U s user" "$E" run --preset mcalister-permuted-mnist-small \
    --data-dir "$here/data" --out pm-local 2>&1 | grep -E "Done|wall"
  /usr/bin/time -f "permuted-small 2 workers: %e s wall" "$E" run --preset mcalister-permuted-mnist-small \
    --data-dir "$here/data" --cluster "127.0.0.1:$p1" --out pm-cluster 2>&1 | grep -E "coordination|Done|wall"
  diff -q <(ls pm-local/trials) <(ls pm-cluster/trials) && echo "same trial ids"
  diff -q pm-local/sweep.csv pm-cluster/sweep.csv && echo "same sweep.csv"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee summary.txt
