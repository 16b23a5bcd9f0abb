"""One core's FMA rate as bench/fma-scaling.c measured it in registers (the fma.txt a bench/run-*.sh script writes
into its output folder): the fastest one-thread round, in GFLOP/s, or None where the folder has no fma.txt."""
import os
import re


def measured_peak(folder):
    path = os.path.join(folder, "fma.txt")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        rates = [float(g) for g in re.findall(r"1 thread [\d.]+ s ([\d.]+) GFLOP/s", f.read())]
    return max(rates) if rates else None
