#!/usr/bin/env python3
"""The batch table of docs/performance.md from one bench/run-batch.sh folder: JMH's ModernBatchBenchmark and
BatchRecallBenchmark JSON, NumPy's batch_numpy.py JSON (one and two BLAS threads) and the measured clock.

Peak FMA rate of one core: the rate bench/fma-scaling.c measured in registers (FOLDER/fma.txt, the fastest round
on one thread) where it is there; otherwise GHz x (vector bits / 32) lanes x 2 FLOP per FMA x FMA_PORTS (default 2:
two FMA units per core on Zen 3/4 and on Xeons with two 512-bit FMA units; FMA_PORTS=1 for a one-unit part; the
formula overstates Zen 1, whose 256-bit FMAs run as two 128-bit halves).
Usage: batch_summary.py FOLDER  (writes FOLDER/results.md and prints it)
"""
import json
import os
import sys

from fma_peak import measured_peak


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    d = sys.argv[1]
    ghz = float(open(os.path.join(d, "clock.txt")).read().split()[0]) if os.path.exists(os.path.join(d, "clock.txt")) else 3.0
    bits = int(open(os.path.join(d, "vector-bits.txt")).read().strip()) if os.path.exists(os.path.join(d, "vector-bits.txt")) else 512
    ports = int(os.environ.get("FMA_PORTS", "2"))
    peak = ghz * bits / 32 * 2 * ports
    measured = measured_peak(d)
    if measured:
        peak = measured
    np1 = {(r["model"], r["n"], r["k"], r["p"], r["patterns"]): r for r in load(os.path.join(d, "numpy-1thread.json"))["rows"]}
    np2p = os.path.join(d, "numpy-2threads.json")
    np2 = {(r["model"], r["n"], r["k"], r["p"], r["patterns"]): r for r in load(np2p)["rows"]} if os.path.exists(np2p) else {}
    jm = {}
    for b in load(os.path.join(d, "modern.json")):
        pr = b["params"]
        key = (int(pr["n"]), int(pr["k"]), int(pr["p"]), pr["patterns"], int(pr["threads"]))
        jm[key] = b["primaryMetric"]["score"] / int(pr["p"])  # us per probe
    how = (f"one core's FMA peak {peak:.1f} GFLOP/s measured (bench/fma-scaling.c, {peak / ghz:.1f} FLOP a cycle)"
           if measured else f"{ports} FMA units: one core's peak {peak:.0f} GFLOP/s (formula, not measured)")
    out = [f"clock {ghz:.2f} GHz (measured), {bits}-bit vectors, {how}; "
           "FLOP per modern probe 4·N·K (two products of 2·N·K)", "",
           "| N | K | P | patterns | Engram 1 thread µs/probe | GFLOP/s (% peak; ±1: 4NK/t, the bit path does fewer operations) | 2 threads µs/probe | 2T speedup "
           "| NumPy 1 BLAS thread µs/probe | Engram / NumPy (1T) | NumPy 2 threads µs/probe |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for (n, k, p, pat, t), us in sorted(jm.items()):
        if t != 1:
            continue
        us2 = jm.get((n, k, p, pat, 2))
        ref = np1.get(("modern", n, k, p, pat))
        ref2 = np2.get(("modern", n, k, p, pat))
        gf = 4.0 * n * k / us / 1e3
        out.append(f"| {n} | {k} | {p} | {pat} | {us:.2f} | {gf:.1f} ({100 * gf / peak:.0f} %) | "
                   f"{us2:.2f} | {us / us2:.2f}x | " if us2 else f"| {n} | {k} | {p} | {pat} | {us:.2f} | "
                   f"{gf:.1f} ({100 * gf / peak:.0f} %) | – | – | ")
        out[-1] += (f"{ref['numpy_us_per_probe']:.2f} | {ref['numpy_us_per_probe'] / us:.2f}x | " if ref else "– | – | ")
        out[-1] += (f"{ref2['numpy_us_per_probe']:.2f} |" if ref2 else "– |")
    sp = os.path.join(d, "modern-spread.json")
    if os.path.exists(sp):
        out += ["", "Single probe, ±1 patterns: probe near one pattern (flip 0.1: nearly every other row left out of "
                "the weighted sums) against spread weights (flip 0.9: none left out); NumPy's cost is the same for both.",
                "", "| N | K | flip 0.1 µs | flip 0.9 µs | NumPy 1T µs | Engram / NumPy (0.1) | Engram / NumPy (0.9) |",
                "|---|---|---|---|---|---|---|"]
        for b in load(sp):
            pr = b["params"]
            n, k = int(pr["n"]), int(pr["k"])
            us9 = b["primaryMetric"]["score"]
            us1 = jm.get((n, k, 1, "bipolar", 1))
            ref = np1.get(("modern", n, k, 1, "bipolar"))
            r = ref["numpy_us_per_probe"] if ref else None
            out.append(f"| {n} | {k} | " + (f"{us1:.2f}" if us1 else "–") + f" | {us9:.2f} | "
                       + (f"{r:.2f} | " if r else "– | ")
                       + (f"{r / us1:.2f}x | " if r and us1 else "– | ")
                       + (f"{r / us9:.2f}x |" if r else "– |"))
    nz = os.path.join(d, "modern-noisy.json")
    if os.path.exists(nz):
        rows = load(nz)
        sigma = rows[0]["params"].get("noise", "?") if rows else "?"
        out += ["", f"±1 patterns, noisy probes (the masked probes + {sigma}·N(0, 1) per component: floats against "
                "the packed ±1 memories), one thread, against the ternary probes of the first table; NumPy's cost is "
                "the same for both.", "",
                "| N | K | P | noisy µs/probe | ternary µs/probe | NumPy 1T µs/probe | Engram / NumPy (noisy) |",
                "|---|---|---|---|---|---|---|"]
        for b in sorted(rows, key=lambda b: (int(b["params"]["n"]), int(b["params"]["k"]), int(b["params"]["p"]))):
            pr = b["params"]
            n, k, p = int(pr["n"]), int(pr["k"]), int(pr["p"])
            us = b["primaryMetric"]["score"] / p
            t = jm.get((n, k, p, "bipolar", 1))
            ref = np1.get(("modern", n, k, p, "bipolar"))
            r = ref["numpy_us_per_probe"] if ref else None
            out.append(f"| {n} | {k} | {p} | {us:.2f} | " + (f"{t:.2f}" if t else "–") + " | "
                       + (f"{r:.2f} | {r / us:.2f}x |" if r else "– | – |"))
    bp = os.path.join(d, "batch.json")
    if os.path.exists(bp):
        out += ["", "| workload | method | threads | µs/probe | NumPy batched 1T µs/probe |", "|---|---|---|---|---|"]
        for b in load(bp):
            pr = b["params"]
            w = pr["workload"]
            p = int(w.split("P=")[1].split(":")[0])
            method = b["benchmark"].rsplit(".", 1)[1]
            if method == "oneAtATime" and pr["threads"] != "1":
                continue
            us = b["primaryMetric"]["score"] * 1e3 / p  # ms/op -> us/probe
            model = w.split(":")[0]
            ref = None
            if model == "dam" and "recall=sync" in w:
                ref = np1.get(("dam", 1024, 1000, 256, "bipolar"))
            out.append(f"| `{w}` | {method} | {pr['threads']} | {us:.2f} | "
                       + (f"{ref['numpy_us_per_probe']:.2f}" if ref else "–") + " |")
    text = "\n".join(out) + "\n"
    with open(os.path.join(d, "results.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
