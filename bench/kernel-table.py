#!/usr/bin/env python3
"""Turns JMH JSON results of the kernel benchmarks (bench/run-kernel-benchmarks.sh) into the Markdown table of
docs/performance.md: median ns/op of scalar and Panama, the speed-up, and the fraction of the machine's peak.

Peak model (stated in docs/performance.md): CLOCK_GHZ from /proc/cpuinfo; float peak = 2 FMA pipes x 16 float
lanes x 2 FLOP per cycle; bit peak = one 512-bit VPOPCNTQ (8 words) per cycle.
Usage: python3 bench/kernel-table.py [--clock GHZ] [--flop-per-cycle F] [--words-per-cycle W] results.json ...
(Zen 1 / AVX2: --clock 2.511 --flop-per-cycle 16 --words-per-cycle 1.333, as in the Peers roofline.)
"""
import json
import statistics
import sys

args = sys.argv[1:]
clock = 2.596
flop_per_cycle = 2 * 16 * 2   # AVX-512 with two FMA pipes (the first record's Zen 5)
words_per_cycle = 8.0         # one 512-bit VPOPCNTQ per cycle
while args and args[0] in ("--clock", "--flop-per-cycle", "--words-per-cycle"):
    if args[0] == "--clock":
        clock = float(args[1])
    elif args[0] == "--flop-per-cycle":
        flop_per_cycle = float(args[1])
    else:
        words_per_cycle = float(args[1])
    args = args[2:]
FLOP_PEAK = clock * 1e9 * flop_per_cycle
WORD_PEAK = clock * 1e9 * words_per_cycle


def mults(n):
    """Multiplications of x^n by repeated squaring (as the kernels do it)."""
    return 0 if n <= 1 else n.bit_length() - 1 + bin(n).count("1") - 1


def work(bench, p):
    """(amount, unit) per operation: FLOP for float kernels, words for bit kernels, None when not meaningful."""
    n = int(p.get("n", 0) or 0)
    k = int(p.get("k", 0) or 0)
    rows = int(p.get("rows", 0) or 0)
    f = p.get("f", "")
    kind, _, deg = f.partition(":")
    deg = int(deg) if deg else 1
    poly = kind in ("polynomial", "rectified", "leaky")
    words = (n + 63) // 64
    if bench == "dot":
        return 2 * n, "flop"
    if bench in ("matVec", "matTVec"):
        return 2 * rows * n, "flop"
    if bench == "matVecBipolar":
        return rows * n, "flop"
    if bench == "axpy":
        return 2 * n, "flop"
    if bench == "scale":
        return n, "flop"
    if bench == "interaction":
        return (n * mults(deg), "flop") if poly else (None, None)
    field = 8 + 2 * mults(deg)
    neurons = int(p.get("neurons", 0) or 0)
    if bench in ("damField", "damFieldBits"):
        return (k * field, "flop") if poly else (None, None)
    if bench in ("damFields", "damFieldsBits"):
        return (neurons * k * field, "flop") if poly else (None, None)
    if bench == "damDerivatives":
        return (k * (6 + 2 * (mults(deg - 1) + 1)), "flop") if poly else (None, None)
    if bench == "damEnergy":
        return (k * (2 + mults(deg)), "flop") if poly else (None, None)
    if bench == "overlap":
        return words, "word"
    if bench == "overlaps":
        return k * words, "word"
    return None, None


SHOWN = ("rows", "n", "k", "f")
results = {}
order = []
for path in args:
    with open(path) as fh:
        for r in json.load(fh):
            cls, bench = r["benchmark"].split(".")[-2:]
            p = dict(r.get("params", {}))
            backend = p.pop("backend")
            if cls == "FloatKernelsBench":
                if bench not in ("matVec", "matVecBipolar", "matTVec"):
                    p.pop("rows", None)
                if bench != "interaction":
                    p.pop("f", None)
            if cls == "DamKernelsBench" and bench not in ("damFields", "damFieldsBits"):
                pass
            key = (cls, bench, tuple(sorted(p.items())))
            raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
            if key not in results:
                results[key] = {}
                order.append(key)
            results[key][backend] = statistics.median(raw)
            gc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
            if gc is not None and backend == "panama":
                results[key]["alloc"] = gc["score"]

print("| kernel | parameters | scalar ns/op | Panama ns/op | speed-up (scalar / Panama) | Panama % of peak | scalar % of peak | Panama B/op |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for key in order:
    cls, bench, items = key
    p = dict(items)
    res = results[key]
    s = res.get("scalar")
    v = res.get("panama")
    shown = ", ".join(f"{name}={p[name]}" for name in SHOWN if name in p and not (cls == "DamKernelsBench" and name == "neurons"))
    if bench in ("damFields", "damFieldsBits"):
        shown += f", N={p.get('neurons')}"
    amount, unit = work(bench, p)

    def frac(ns):
        if ns is None or amount is None:
            return "—"
        rate = amount / (ns * 1e-9)
        peak = FLOP_PEAK if unit == "flop" else WORD_PEAK
        return f"{100 * rate / peak:.1f}%"

    def fmt(ns):
        return "—" if ns is None else (f"{ns:,.1f}" if ns < 100 else f"{ns:,.0f}")

    ratio = f"{s / v:.2f}x" if s and v else "—"
    alloc = res.get("alloc")
    alloc = "—" if alloc is None else f"{alloc:.2f}"
    print(f"| {bench} | {shown} | {fmt(s)} | {fmt(v)} | {ratio} | {frac(v)} | {frac(s)} | {alloc} |")
