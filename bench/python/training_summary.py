#!/usr/bin/env python3
"""Summary of bench/run-training.sh: Engram's training epochs (JMH) against PyTorch, and the matrix products'
fraction of the FMA peak. Usage: training_summary.py OUT_DIR GHZ  (writes Markdown to standard output)."""
import json
import re
import sys
from pathlib import Path

from fma_peak import measured_peak

out = Path(sys.argv[1])
ghz = float(sys.argv[2])
machine = (out / "machine.txt").read_text() if (out / "machine.txt").exists() else ""
lanes = 16 if "avx512f" in machine else 8
formula = ghz * 2 * lanes * 2  # GFLOP/s of one core: 2 FMA ports x lanes x 2 FLOP
# the FMA rate one core reaches in registers (bench/fma-scaling.c), where it was measured: the formula assumes two
# full-width FMA units, which Zen 1 (256-bit FMAs split into two 128-bit halves: 16 FLOP a cycle) and some
# AVX-512 Xeons (one 512-bit unit) do not have
measured = measured_peak(out)
peak = measured if measured else formula
model = re.search(r"Model name:\s*(.*)", machine)
print(f"Machine: {model.group(1).strip() if model else '?'}, {lanes * 32}-bit vectors, {ghz:.2f} GHz measured; "
      + (f"one core's FMA peak {peak:.1f} GFLOP/s measured (bench/fma-scaling.c, {peak / ghz:.1f} FLOP a cycle; "
         f"the formula 2 FMA ports x {lanes} lanes x 2 FLOP x GHz would say {formula:.0f}).\n" if measured else
         f"one core's FMA peak {peak:.0f} GFLOP/s (2 FMA ports x {lanes} lanes x 2 FLOP x GHz; not measured: "
         f"no fma.txt).\n"))


def jmh(name):
    f = out / name
    return json.loads(f.read_text()) if f.exists() else []


epochs = {}
for r in jmh("jmh-epoch.json") + jmh("jmh-epoch-scalar.json"):
    p = r["params"]
    pm = r["primaryMetric"]
    epochs[(int(p["n"]), p["variant"])] = pm.get("scorePercentiles", {}).get("50.0", pm["score"]) / 1000.0  # median, s
torch = {}
tf = out / "torch.json"
if tf.exists():
    for r in json.loads(tf.read_text())["results"]:
        torch[(r["n"], r["threads"])] = r["seconds_per_epoch"]
FLOP = 4 * 10_000 * 794 * 256

print("| n | per-item | batched, scalar | batched, 1 thread | batched, 2 threads | PyTorch 1 thread | PyTorch 2 threads "
      "| 1 thread vs per-item | 2 vs 1 thread | vs PyTorch (1 / 2 threads) |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({k[0] for k in epochs}):
    g = lambda v: epochs.get((n, v), float("nan"))
    pi, sc, b1, b2 = g("per-item"), g("batched-scalar"), g("batched-1"), g("batched-2")
    t1, t2 = torch.get((n, 1), float("nan")), torch.get((n, 2), float("nan"))
    print(f"| {n} | {pi:.3f} s | {sc:.3f} s | {b1:.3f} s | {b2:.3f} s | {t1:.3f} s | {t2:.3f} s | {pi / b1:.2f}x | "
          f"{b1 / b2:.2f}x | {t1 / b1:.2f}x / {t2 / b2:.2f}x |")
if any(v.startswith("bits") for _, v in epochs):
    print("\nWith training=batched-bits (the two products from the packed +-1 states by tables of signed sums):\n")
    print("| n | bits, 1 thread | bits, 2 threads | 1 thread vs per-item | vs batched, 1 thread | 2 vs 1 thread "
          "| vs PyTorch (1 / 2 threads) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in sorted({k[0] for k in epochs}):
        g = lambda v: epochs.get((n, v), float("nan"))
        pi, b1, s1, s2 = g("per-item"), g("batched-1"), g("bits-1"), g("bits-2")
        t1, t2 = torch.get((n, 1), float("nan")), torch.get((n, 2), float("nan"))
        print(f"| {n} | {s1:.3f} s | {s2:.3f} s | {pi / s1:.2f}x | {b1 / s1:.2f}x | {s1 / s2:.2f}x | "
              f"{t1 / s1:.2f}x / {t2 / s2:.2f}x |")
sweep = {int(r["params"]["n"]): r["primaryMetric"].get("scorePercentiles", {}).get("50.0", r["primaryMetric"]["score"])
         / 1000.0 for r in jmh("jmh-epoch-after.json")}
if sweep:
    print("\nIn a sweep's JVM (batched, 1 thread, after three epochs at n = 4 in the same JVM):\n")
    print("| n | fresh JVM | after n = 4 | ratio |")
    print("|---:|---:|---:|---:|")
    for n in sorted(sweep):
        b1 = epochs.get((n, "batched-1"), float("nan"))
        print(f"| {n} | {b1:.3f} s | {sweep[n]:.3f} s | {sweep[n] / b1:.2f}x |")
after = out / "clock-after.txt"
if after.exists():
    print(f"\nClock after the run: {after.read_text().strip()} (before: {ghz:.2f} GHz).")
print(f"\nSeconds per epoch of 10,000 items (medians: of the JMH single-shot epochs of all forks for Engram, of 7 "
      f"timed epochs for PyTorch); "
      f"{FLOP / 1e9:.2f} GFLOP per epoch in the two matrix products: batched 1 thread at n = 10 is "
      f"{FLOP / epochs.get((10, 'batched-1'), float('nan')) / 1e9:.1f} GFLOP/s over the whole epoch.\n")

print("| product (B=128, N=794, K=256) | backend | time | GFLOP/s | fraction of peak |")
print("|---|---|---:|---:|---:|")
for r in jmh("jmh-gemm.json"):
    name = r["benchmark"].rsplit(".", 1)[1]
    us = r["primaryMetric"].get("scorePercentiles", {}).get("50.0", r["primaryMetric"]["score"])
    gf = 2 * 128 * 794 * 256 / (us * 1e-6) / 1e9
    print(f"| {name} | {r['params']['backend']} | {us:.0f} us | {gf:.1f} | {gf / peak:.0%} |")
for f, label in (("torch-mnist.txt", "PyTorch"), ("engram-mnist.txt", "Engram"),
                 ("engram-mnist-bits.txt", "Engram, training=batched-bits")):
    p = out / f
    if p.exists():
        last = [l for l in p.read_text().splitlines() if "test" in l and "epoch" in l]
        if last:
            print(f"\n{label} on MNIST, last epoch: {last[-1]}")
