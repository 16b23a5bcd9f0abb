#!/usr/bin/env python3
"""Engram versus NumPy, side by side on identical workloads.

1. Java (dev.engram.bench.peers.PeerData) generates each workload from its seed, writes the patterns and probes
   as .npy files and Engram's recalled states next to them.
2. The NumPy reference (reference.py) loads the same files, recalls every probe and must agree with Engram on
   every recalled state (bipolar models: identical states; modern: equal within 1e-4) -- only then is time
   compared. Workloads whose probes lie in the basins of attraction make asynchronous recall order-independent;
   synchronous workloads are exact by construction.
3. NumPy latency: every probe timed per call with perf_counter_ns (timeit-style: warm-up pass, then repeated
   passes until the time budget is spent), median over all calls.
4. Engram latency: JMH SampleTime (PeerRecallBenchmark, same workload specs, cycling over the same probes),
   median (p0.50) of all samples.
5. Prints and writes (Markdown) the medians, the ratio NumPy / Engram, and the load average at each measurement.

Run through bench/compare-numpy.sh, which builds the benchmark jar first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference  # noqa: E402

DEFAULT_WORKLOADS = [
    # classical Hopfield, Hebbian, K = 0.05 N (odd: no zero fields), 10% flipped probes
    "hopfield:N=100:K=5:P=32:flip=0.1:seed=1:rule=hebbian:recall=async",
    "hopfield:N=256:K=13:P=32:flip=0.1:seed=1:rule=hebbian:recall=async",
    "hopfield:N=1024:K=51:P=32:flip=0.1:seed=1:rule=hebbian:recall=async",
    "hopfield:N=1024:K=51:P=32:flip=0.1:seed=1:rule=hebbian:recall=sync",
    # Dense Associative Memory, stored bipolar memories, polynomial F, normalised field
    "dam:N=100:K=200:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:temperature=1:recall=async",
    "dam:N=256:K=1000:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:temperature=1:recall=async",
    "dam:N=784:K=1000:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=20:temperature=1:recall=async",
    "dam:N=1024:K=1000:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:temperature=1:recall=async",
    "dam:N=1024:K=1000:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:temperature=1:recall=sync",
    "dam:N=1024:K=10000:P=16:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:temperature=1:recall=async",
    # continuous modern Hopfield, one step from 20% masked probes
    "modern:N=128:K=10000:P=32:flip=0.2:seed=1:max-steps=1",
    "modern:N=1024:K=1000:P=32:flip=0.2:seed=1:max-steps=1",
    # the same with real-valued (Gaussian) patterns: the float layout, not the packed-bit one
    "modern:N=128:K=10000:P=32:flip=0.2:seed=1:max-steps=1:patterns=gaussian",
]


def load_average() -> str:
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "n/a"


def slug(spec: str) -> str:
    return spec.replace(":", "_").replace("=", "-").lower()


def java_cmd(java: str) -> list[str]:
    return [java, "--add-modules", "jdk.incubator.vector"]


def agree(spec: dict, ref, probes, engram) -> tuple[bool, str, list]:
    """Recalls every probe with NumPy and compares with Engram's states."""
    out = []
    bad = []
    for j, p in enumerate(probes):
        rng = np.random.default_rng(spec["seed"] * 1_000_003 + j)
        r = ref.recall(p, rng)
        out.append(r)
        if spec["model"] == "modern":
            if not np.allclose(r, engram[j], rtol=1e-4, atol=1e-4):
                bad.append((j, float(np.abs(r - engram[j]).max())))
        elif not np.array_equal(r, engram[j]):
            bad.append((j, int((r != engram[j]).sum())))
    if bad:
        return False, f"{len(bad)} of {len(probes)} probes differ (probe, difference): {bad[:5]}", out
    return True, f"all {len(probes)} probes agree", out


def time_numpy(ref, probes, seed: int, budget_s: float, min_batches: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-call wall and thread-CPU time in microseconds, as PeerLatency.java measures Engram: after a warm-up
    pass, batches of calls cycling over the probes (a batch lasts about 200 us), time per call of each batch."""
    rngs = [np.random.default_rng(seed * 1_000_003 + j) for j in range(len(probes))]
    for j, p in enumerate(probes):
        ref.recall(p, rngs[j])
    t0 = time.perf_counter_ns()
    for j, p in enumerate(probes):
        ref.recall(p, rngs[j])
    per_call = (time.perf_counter_ns() - t0) / len(probes)
    batch = max(1, int(200_000 / max(per_call, 1.0)))
    wall, cpu = [], []
    start = time.perf_counter()
    nxt = 0
    n = len(probes)
    while len(wall) < min_batches or time.perf_counter() - start < budget_s:
        c0 = time.thread_time_ns()
        w0 = time.perf_counter_ns()
        for _ in range(batch):
            ref.recall(probes[nxt], rngs[nxt])
            nxt = nxt + 1 if nxt + 1 < n else 0
        w1 = time.perf_counter_ns()
        c1 = time.thread_time_ns()
        wall.append((w1 - w0) / 1e3 / batch)
        cpu.append((c1 - c0) / 1e3 / batch)
        if len(wall) >= 100_000:
            break
    return np.asarray(wall), np.asarray(cpu)


def run_java_cpu(java: str, jar: Path, specs: list[str], seconds: float) -> dict:
    cmd = java_cmd(java) + ["-cp", str(jar), "dev.engram.bench.peers.PeerLatency", str(seconds)] + specs
    print("+", " ".join(cmd), flush=True)
    res = subprocess.run(cmd, check=True, capture_output=True, text=True)
    out = {}
    for line in res.stdout.splitlines():
        print(line, flush=True)
        if line.startswith("latency "):
            parts = line.split()
            kv = dict(x.split("=", 1) for x in parts[2:])
            out[parts[1]] = {k: float(v) for k, v in kv.items()}
    return out


def run_jmh(java: str, jar: Path, specs: list[str], out_json: Path, quick: bool, extra: list[str],
            ignore_lock: bool) -> dict:
    cmd = java_cmd(java) + (["-Djmh.ignoreLock=true"] if ignore_lock else []) + ["-jar", str(jar), "dev.engram.bench.peers.PeerRecallBenchmark",
                            "-p", "workload=" + ",".join(specs), "-bm", "sample", "-tu", "us",
                            "-rf", "json", "-rff", str(out_json)]
    if quick:
        cmd += ["-wi", "2", "-w", "1", "-i", "3", "-r", "1"]
    cmd += extra
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    results = {}
    for r in json.loads(out_json.read_text()):
        pm = r["primaryMetric"]
        results[r["params"]["workload"]] = {
            "median": pm["scorePercentiles"]["50.0"],
            "p99": pm["scorePercentiles"]["99.0"],
            "mean": pm["score"],
        }
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", type=Path, default=Path("bench/target/benchmarks.jar"))
    ap.add_argument("--java", default=os.environ.get("JAVA", "java"))
    ap.add_argument("--work", type=Path, default=Path("bench/target/peers"))
    ap.add_argument("--workload", action="append", help="workload spec (repeatable); default: the standard set")
    ap.add_argument("--numpy-seconds", type=float, default=2.0, help="time budget per workload for NumPy")
    ap.add_argument("--java-cpu-seconds", type=float, default=3.0,
                    help="measurement time per workload of the CPU-time harness (PeerLatency)")
    ap.add_argument("--dam-variant", choices=["s0", "weights"], default="weights",
                    help="NumPy asynchronous DAM: weights (default, the faster) = one dot over K per neuron and three "
                         "F per flip (the identity Engram's StoredDam uses); s0 = one F over K per neuron")
    ap.add_argument("--hopfield-variant", choices=["weights", "patterns", "best"], default="best",
                    help="NumPy Hopfield fields from W ('weights'), from the stored patterns (low-rank, 'patterns'), "
                         "or time both and compare with the faster ('best', default)")
    ap.add_argument("--quick", action="store_true", help="shorter JMH and NumPy runs (smoke test)")
    ap.add_argument("--no-java-timing", action="store_true", help="only check agreement and time NumPy")
    ap.add_argument("--jmh-arg", action="append", default=[], help="extra JMH argument (repeatable)")
    ap.add_argument("--ignore-jmh-lock", action="store_true",
                    help="run even if another JMH holds /tmp/jmh.lock (shared machine; numbers get noisier)")
    args = ap.parse_args()

    specs = args.workload or DEFAULT_WORKLOADS
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus; "
          f"python {platform.python_version()}, numpy {np.__version__}; load {load_average()}", flush=True)

    subprocess.run(java_cmd(args.java) + ["-cp", str(args.jar), "dev.engram.bench.peers.PeerData",
                                          str(args.work)] + specs, check=True)

    rows = []
    agreeing = []
    for spec_str in specs:
        spec = reference.parse_spec(spec_str)
        d = args.work / slug(spec_str)
        patterns = np.load(d / "patterns.npy")
        probes = np.load(d / "probes.npy")
        engram = np.load(d / "engram.npy")
        ref = reference.build(spec, patterns)
        if spec["model"] == "dam":
            ref.variant = args.dam_variant
        variants = [None]
        if spec["model"] == "hopfield":
            variants = ["weights", "patterns"] if args.hopfield_variant == "best" else [args.hopfield_variant]
            ref.variant = variants[0]
        ok, msg, recalled = agree(spec, ref, probes, engram)
        for v in variants[1:]:  # every NumPy variant must agree before any is timed
            ref.variant = v
            ok_v, msg_v, _ = agree(spec, ref, probes, engram)
            ok = ok and ok_v
            msg = f"{msg} ({variants[0]}); {msg_v} ({v})"
        if spec["model"] == "hopfield":
            ref.variant = variants[0]
        if spec["model"] == "modern" and spec["params"].get("patterns") == "gaussian":
            # real patterns: recalled = closest stored pattern (largest cosine)
            xs = patterns.astype(np.float32)
            xs = xs / np.linalg.norm(xs, axis=1, keepdims=True)
            hits = int(sum(int(np.argmax(xs @ r)) == j % spec["K"] for j, r in enumerate(recalled)))
        elif spec["model"] == "modern":
            hits = int(sum(np.array_equal(np.where(r > 0, 1, -1), patterns[j % spec["K"]])
                           for j, r in enumerate(recalled)))
        else:
            hits = int(sum(np.array_equal(r, patterns[j % spec["K"]]) for j, r in enumerate(recalled)))
        print(f"{spec_str}: {msg}; {hits}/{len(probes)} recalled their pattern", flush=True)
        row = {"workload": spec_str, "agree": ok, "detail": msg, "hits": hits, "P": len(probes)}
        if ok:
            timed = []
            for v in variants:
                if v is not None:
                    ref.variant = v
                load = load_average()
                wall, cpu = time_numpy(ref, probes, spec["seed"], 0.5 if args.quick else args.numpy_seconds,
                                       3 if args.quick else 10)
                timed.append((float(np.median(cpu)), float(np.median(wall)), len(wall), load, v))
                print(f"  numpy{'' if v is None else ' [' + v + ']'} median {timed[-1][1]:.1f} us wall, "
                      f"{timed[-1][0]:.1f} us cpu over {len(wall)} batches (load {load})", flush=True)
            best = min(timed)  # the faster NumPy variant (by CPU time) is the one compared
            row.update(numpy_median=best[1], numpy_cpu_median=best[0], numpy_batches=best[2], numpy_load=best[3])
            if best[4] is not None:
                row.update(numpy_variant=best[4],
                           numpy_variants={t[4]: {"cpu_median": t[0], "wall_median": t[1]} for t in timed})
            agreeing.append(spec_str)
        rows.append(row)

    if agreeing and not args.no_java_timing:
        load = load_average()
        cpu = run_java_cpu(args.java, args.jar, agreeing, 0.5 if args.quick else args.java_cpu_seconds)
        load_after = load_average()
        for row in rows:
            if row["workload"] in cpu:
                row.update(engram_cpu_median=cpu[row["workload"]]["cpu_median_us"],
                           engram_cpu_wall_median=cpu[row["workload"]]["wall_median_us"],
                           engram_cpu_load=f"{load} .. {load_after}")
        load = load_average()
        jmh = run_jmh(args.java, args.jar, agreeing, args.work / "jmh-peer-recall.json", args.quick, args.jmh_arg,
                      args.ignore_jmh_lock)
        load_after = load_average()
        for row in rows:
            if row["workload"] in jmh:
                row.update(engram_median=jmh[row["workload"]]["median"], engram_p99=jmh[row["workload"]]["p99"],
                           engram_load=f"{load} .. {load_after}")

    lines = ["| workload | agree | NumPy wall (us) | Engram wall, JMH (us) | wall ratio | NumPy CPU (us) "
             "| Engram CPU (us) | CPU ratio | load (NumPy; Engram CPU; JMH) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]

    def fmt(r, key, f="{:.1f}"):
        return f.format(r[key]) if key in r else "-"

    def ratio(r, a, b):
        return f"{r[a] / r[b]:.1f}x" if a in r and b in r else "-"

    for r in rows:
        agree_s = f"{r['P']}/{r['P']}" if r["agree"] else "NO"
        if "numpy_variant" in r:
            agree_s += f" (NumPy: {r['numpy_variant']})"
        lines.append(f"| `{r['workload']}` | {agree_s} | {fmt(r, 'numpy_median')} | {fmt(r, 'engram_median', '{:.2f}')} "
                     f"| {ratio(r, 'numpy_median', 'engram_median')} | {fmt(r, 'numpy_cpu_median')} "
                     f"| {fmt(r, 'engram_cpu_median', '{:.2f}')} | {ratio(r, 'numpy_cpu_median', 'engram_cpu_median')} "
                     f"| {r.get('numpy_load', '-')}; {r.get('engram_cpu_load', '-')}; {r.get('engram_load', '-')} |")
    table = "\n".join(lines)
    print()
    print(table)
    (args.work / "results.md").write_text(table + "\n")
    (args.work / "results.json").write_text(json.dumps(rows, indent=2) + "\n")
    print(f"\nwritten: {args.work / 'results.md'}, {args.work / 'results.json'}")
    return 0 if all(r["agree"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
