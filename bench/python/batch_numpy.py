#!/usr/bin/env python3
"""NumPy's batched recall, the peer of Engram's block kernels (issue 20; bench/run-batch.sh runs both).

modern: one step for a block of P probes as two sgemm calls, the way NumPy code batches it:
    S = Q @ X.T;  S *= beta;  S -= S.max(1);  exp;  S /= S.sum(1);  out = S @ X
for N in {128, 1024}, K in {1000, 10000}, P in {1, 16, 256}, +-1 and Gaussian patterns (float32 either way: NumPy
has no packed form), probes = pattern j % K with 10 % of the components set to 0 (as Engram's Workload).
FLOP per probe: 4 N K (two products of 2 N K), the softmax not counted.

dam (stored, polynomial n = 3, sync, the reference's weight identity batched over P states):
    H = S @ Xi.T (overlaps);  W = (F(c(H+2)) - F(c(H-2))) / 2;  C = sum F(cH) - (F(c(H+2)) + F(c(H-2))) / 2;
    fields = W @ Xi + s C;  s = sign(fields), every unconverged state of the block, until all are fixed points.
hopfield (Hebbian): the first fields of a block, F = S @ W (one sgemm; the asynchronous updates are sequential).

The BLAS thread count comes from the environment (OPENBLAS_NUM_THREADS etc.; run-batch.sh sets 1 and 2); the
timing is the median wall time of repeated calls after a warm-up call.
Usage: batch_numpy.py OUT.json [--quick]
"""
import json
import math
import os
import platform
import sys
import time

import numpy as np


def median_time(fn, budget_s: float, min_reps: int = 3) -> float:
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < budget_s:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 2000:
            break
    return float(np.median(times))


def modern_rows(budget: float):
    rows = []
    for n in (128, 1024):
        for k in (1000, 10000):
            for patterns in ("bipolar", "gaussian"):
                rng = np.random.default_rng(1)
                if patterns == "bipolar":
                    x = np.where(rng.random((k, n)) < 0.5, -1.0, 1.0).astype(np.float32)
                else:
                    x = rng.standard_normal((k, n)).astype(np.float32)
                beta = np.float32(1.0 / math.sqrt(n))
                for p in (1, 16, 256):
                    q = x[np.arange(p) % k].copy()
                    for j in range(p):
                        q[j, rng.choice(n, size=round(0.1 * n), replace=False)] = 0.0

                    def step(q=q, x=x, beta=beta):
                        s = q @ x.T
                        s *= beta
                        s -= s.max(axis=1, keepdims=True)
                        np.exp(s, out=s)
                        s /= s.sum(axis=1, keepdims=True)
                        return s @ x

                    t = median_time(step, budget)
                    us = t / p * 1e6
                    rows.append(dict(model="modern", n=n, k=k, p=p, patterns=patterns, numpy_us_per_probe=us,
                                     numpy_gflops=4.0 * n * k / us / 1e3))
                    print(f"modern N={n} K={k} P={p} {patterns}: {us:.2f} us/probe, "
                          f"{4.0 * n * k / us / 1e3:.1f} GFLOP/s", flush=True)
    return rows


def dam_rows(budget: float):
    n, k, p, deg = 1024, 1000, 256, 3
    rng = np.random.default_rng(1)
    xi = np.where(rng.random((k, n)) < 0.5, -1.0, 1.0).astype(np.float32)
    beta = (n / (2.0 * deg)) ** (1.0 / deg)
    c = np.float32(beta / n)
    probes = xi[np.arange(p) % k].copy()
    flips = round(0.1 * n)
    for j in range(p):
        idx = rng.choice(n, size=flips, replace=False)
        probes[j, idx] = -probes[j, idx]

    def recall():
        s = probes.copy()
        live = np.arange(p)
        for _ in range(100):
            if live.size == 0:
                break
            st = s[live]
            h = st @ xi.T
            fa = (c * (h + 2)) ** 3
            fb = (c * (h - 2)) ** 3
            f0 = (c * h) ** 3
            w = 0.5 * (fa - fb)
            const = f0.sum(axis=1) - 0.5 * (fa.sum(axis=1) + fb.sum(axis=1))
            fields = w @ xi + st * const[:, None]
            nxt = np.where(fields > 0, 1.0, -1.0).astype(np.float32)
            same = (nxt == st).all(axis=1)
            s[live] = nxt
            live = live[~same]
        return s

    t = median_time(recall, budget)
    us = t / p * 1e6
    print(f"dam N={n} K={k} P={p} sync: {us:.2f} us/probe", flush=True)
    rows = [dict(model="dam", n=n, k=k, p=p, patterns="bipolar", recall="sync", numpy_us_per_probe=us)]

    kh = 51
    pats = np.where(rng.random((kh, n)) < 0.5, -1.0, 1.0).astype(np.float32)
    wgt = (pats.T @ pats) / n
    np.fill_diagonal(wgt, 0)
    states = pats[np.arange(p) % kh].copy()
    t = median_time(lambda: states @ wgt, budget)
    us = t / p * 1e6
    print(f"hopfield N={n} K={kh} P={p} first fields: {us:.2f} us/probe", flush=True)
    rows.append(dict(model="hopfield", n=n, k=kh, p=p, patterns="bipolar", recall="first-fields",
                     numpy_us_per_probe=us))
    return rows


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    out = sys.argv[1]
    budget = 0.5 if "--quick" in sys.argv else 2.0
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    rows = modern_rows(budget) + dam_rows(budget)
    for r in rows:
        r["blas_threads"] = threads
    try:
        dep = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{dep.get('name')} {dep.get('version')}"
    except Exception:  # older NumPy: no dict form
        blas = "unknown"
    meta = dict(numpy=np.__version__, python=platform.python_version(), blas_threads=threads, blas=blas)
    with open(out, "w") as f:
        json.dump(dict(meta=meta, rows=rows), f, indent=1)


if __name__ == "__main__":
    main()
