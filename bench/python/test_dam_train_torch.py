#!/usr/bin/python3
"""Correctness of the PyTorch training peer (dam_train_torch.py) on tiny cases.

1. The loss of every gradient path (closed form, autograd, literal) equals a plain double-loop reference written
   here (states x(i+-) built explicitly, dot products, F, tanh) in float64.
2. Every gradient path equals a float64 central finite difference of that reference loss (N = 20, K = 5, 3 class
   neurons), for several interactions, vertices, error powers and both training states.
3. The float32 closed form (what the script trains with) equals the float64 one within float32 tolerance; the
   optimiser step (momentum, per-memory max-normalised step, clamp) and the prediction fields equal plain
   references.
4. Against Engram itself (when the benchmark jar is built: mvn -B -q -DskipTests package): the same memories and
   items go to dev.engram.bench.peers.DamTrainCheck (TrainedDam.lossAndGradient, updateFromGradient, applyUpdate,
   fields); loss, gradient, memories after two steps and fields must agree within float32 tolerance.

Run: /usr/bin/python3 -m pytest bench/python/test_dam_train_torch.py   (when pytest is installed)
 or: /usr/bin/python3 bench/python/test_dam_train_torch.py            (plain asserts; prints the numbers)
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import dam_train_torch as dt  # noqa: E402

N, K, B = 20, 5, 4
TRAINED = [17, 18, 19]  # 3 class neurons at the end of the state
# (interaction, n, error power, training state, temperature)
CASES = [
    ("leaky", 3, 1, "recall", 0.1),
    ("leaky", 10, 1, "recall", 0.15),
    ("leaky", 3, 2, "targets", 0.1),
    ("leaky", 1, 1, "recall", 0.05),
    ("polynomial", 2, 2, "recall", 0.08),
    ("polynomial", 3, 1, "targets", 0.1),
    ("rectified", 3, 1, "recall", 0.1),
    ("rectified", 5, 1, "targets", 0.12),
    ("exponential", 1, 1, "recall", 0.3),
]
REPORT = {}


def fixed_case(seed: int, dtype=np.float64, n=N, k=K, b=B, trained=TRAINED, std=0.5):
    """Memories in [-1, 1] (exact float32 values) and b items: random pixels, one-hot class neurons."""
    rng = np.random.default_rng(seed)
    mem = np.clip(rng.normal(0, std, (k, n)), -1, 1).astype(np.float32).astype(dtype)
    x = np.where(rng.random((b, n)) < 0.5, 1.0, -1.0)
    x[:, trained] = -1.0
    x[np.arange(b), rng.choice(trained, b)] = 1.0
    return mem, x.astype(dtype)


# ------------------------------------------------------------------------------- plain references (loops)


def ref_f(kind, n, a, leak=0.01):
    if kind == "polynomial":
        return a ** n
    if kind == "rectified":
        return a ** n if a > 0 else 0.0
    if kind == "leaky":
        return a ** n if a > 0 else leak * a
    return math.exp(a)


def ref_state(x, state):
    xs = list(x)
    if state == "recall":
        for i in TRAINED:
            xs[i] = -1.0
    return xs


def ref_field(mem, xs, i, c, kind, n):
    xp, xm = list(xs), list(xs)
    xp[i], xm[i] = 1.0, -1.0
    total = 0.0
    for mu in range(len(mem)):
        hp = sum(mem[mu][j] * xp[j] for j in range(len(xs)))
        hm = sum(mem[mu][j] * xm[j] for j in range(len(xs)))
        total += ref_f(kind, n, c * hp) - ref_f(kind, n, c * hm)
    return total


def ref_loss(mem, items, c, kind, n, m, state):
    """sum over items and trained neurons of (tanh(field_i) - t_i)^(2m), by plain loops."""
    total = 0.0
    for x in items:
        xs = ref_state(x, state)
        for i in TRAINED:
            y = math.tanh(ref_field(mem, xs, i, c, kind, n))
            total += (y - x[i]) ** (2 * m)
    return total


def finite_difference(mem, items, c, kind, n, m, state, h=1e-6):
    g = np.zeros_like(mem)
    for mu in range(mem.shape[0]):
        for j in range(mem.shape[1]):
            p, q = mem.copy(), mem.copy()
            p[mu, j] += h
            q[mu, j] -= h
            g[mu, j] = (ref_loss(p.tolist(), items, c, kind, n, m, state)
                        - ref_loss(q.tolist(), items, c, kind, n, m, state)) / (2 * h)
    return g


def rel(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


# ------------------------------------------------------------------------------- tests


def test_loss_and_gradient_against_loops_and_finite_differences():
    worst_loss, worst_grad = 0.0, 0.0
    for idx, (kind, n, m, state, temp) in enumerate(CASES):
        mem, x = fixed_case(100 + idx)
        c = 1.0 / (temp * N)
        items = x.tolist()
        loss_ref = ref_loss(mem.tolist(), items, c, kind, n, m, state)
        fd = finite_difference(mem, items, c, kind, n, m, state)
        assert np.max(np.abs(fd)) > 1e-3, f"case {idx}: gradient vanishes, the check would be empty"
        tr = torch.tensor(TRAINED)
        paths = dict(dt.GRADIENTS)
        for chunk in (1, 3, 0):  # the closed form's blocks over the batch
            paths[f"closed chunk={chunk}"] = functools.partial(dt.loss_and_grad_closed, chunk=chunk)
        for name, fn in paths.items():
            loss, grad = fn(torch.from_numpy(mem), torch.from_numpy(x), tr, c, kind, n, m, state)
            el = abs(float(loss) - loss_ref) / abs(loss_ref)
            eg = rel(grad.numpy(), fd)
            worst_loss, worst_grad = max(worst_loss, el), max(worst_grad, eg)
            assert el < 1e-12, f"{kind} n={n} m={m} {state} {name}: loss {float(loss)} vs loops {loss_ref}"
            assert eg < 1e-6, f"{kind} n={n} m={m} {state} {name}: gradient off the finite difference by {eg:.2e}"
    REPORT["float64 loss vs double loop (max rel)"] = worst_loss
    REPORT["float64 gradient vs finite difference (max |diff| / max |g|)"] = worst_grad


def test_float32_matches_float64():
    worst = 0.0
    for idx, (kind, n, m, state, temp) in enumerate(CASES):
        mem, x = fixed_case(200 + idx)
        c = float(np.float32(1.0 / (temp * N)))
        tr = torch.tensor(TRAINED)
        l64, g64 = dt.loss_and_grad_closed(torch.from_numpy(mem), torch.from_numpy(x), tr, c, kind, n, m, state)
        l32, g32 = dt.loss_and_grad_closed(torch.from_numpy(mem).float(), torch.from_numpy(x).float(), tr, c, kind,
                                           n, m, state)
        e = max(abs(float(l32) - float(l64)) / abs(float(l64)), rel(g32.numpy(), g64.numpy()))
        worst = max(worst, e)
        assert e < 1e-4, f"{kind} n={n}: float32 off float64 by {e:.2e}"
    REPORT["float32 vs float64 closed form (max rel)"] = worst


def test_optimiser_step_and_prediction():
    kind, n, m, state, temp = CASES[0]
    mem, x = fixed_case(7, np.float32)
    t = dt.DamTrainer(N, K, TRAINED, kind=kind, n=n, temperature=temp, lr=0.1, decay=0.9, momentum=0.6,
                      error_power=m, epochs=3, batch=B, state=state)
    t.mem = torch.from_numpy(mem.copy())
    t.begin_epoch(1)
    assert abs(t.lr - 0.09) < 1e-15
    v = np.zeros_like(mem)
    ref = mem.astype(np.float64)
    xb = torch.from_numpy(x)
    for _ in range(2):
        _, g = dt.loss_and_grad_closed(t.mem.clone(), xb, t.trained, t.scale(), kind, n, m, state)
        v = 0.6 * v + g.numpy()
        mx = np.abs(v).max(axis=1, keepdims=True)
        ref = np.clip(t.mem.numpy().astype(np.float64) - t.lr * v / np.where(mx > 0, mx, 1) * (mx > 0), -1, 1)
        t.step(xb)
        assert np.max(np.abs(t.mem.numpy() - ref)) < 1e-6
    # prediction: argmax of the class-neuron fields on the state with every class neuron at -1
    probes = torch.from_numpy(x)
    pred = t.predict(probes)
    c = t.scale()
    for b in range(B):
        xs = ref_state(x[b].tolist(), "recall")
        f = [ref_field(t.mem.numpy().astype(np.float64).tolist(), xs, i, c, kind, n) for i in TRAINED]
        assert int(pred[b]) == int(np.argmax(f))
        ft = dt.fields(t.mem, probes[b:b + 1].clone().index_fill_(1, t.trained, -1.0), t.trained, c, kind, n)[0]
        assert rel(ft.numpy(), f) < 1e-5
    REPORT["optimiser step vs numpy reference"] = "ok (2 steps, momentum 0.6, |diff| < 1e-6)"


def _java():
    for cand in (os.environ.get("ENGRAM_JAVA"), "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"):
        if cand and Path(cand).is_file():
            return cand
    return shutil.which("java")


def engram_check(backend="auto"):
    """Runs DamTrainCheck on the CASES with recall state (Engram's only training state); returns the worst
    relative differences, or None (with the reason) when the jar is not built."""
    jar = ROOT / "bench" / "target" / "benchmarks.jar"
    java = _java()
    if not jar.is_file() or java is None:
        return None, f"skipped: {jar} or a JDK 25 is missing (mvn -B -q -DskipTests package)"
    # the tiny cases (recall state: Engram's only training state), and one MNIST-shaped case large enough for the
    # SIMD kernels' vector loops (N = 794, K = 64, 16 items, 10 class neurons)
    cases = [(i, f"c{i}", c, dict(n=N, k=K, b=B, trained=TRAINED, std=0.5)) for i, c in enumerate(CASES)
             if c[3] == "recall"]
    big = list(range(784, 794))
    cases.append((len(CASES), "mnist-shaped", ("leaky", 10, 1, "recall", 0.008),
                  dict(n=794, k=64, b=16, trained=big, std=0.1)))
    lr, p = 0.1, 0.6
    data, expect = [], {}
    for idx, name, (kind, n, m, state, temp), dims in cases:
        mem, x1 = fixed_case(300 + idx, np.float32, **dims)
        _, x2 = fixed_case(400 + idx, np.float32, **dims)
        nn, kk, bb, tt = dims["n"], dims["k"], dims["b"], dims["trained"]
        data.append(f"{name} {kind} {n} {temp!r} {m} {p!r} {lr!r} {nn} {kk} {bb} {len(tt)}")
        data.append(" ".join(str(i) for i in tt))
        data.append(" ".join(repr(float(v)) for v in mem.ravel()))
        for xb in (x1, x2):
            data.append(" ".join(str(int(v)) for v in xb.ravel()))
        # the torch peer, float32, through DamTrainer (the code path the script trains with)
        t = dt.DamTrainer(nn, kk, tt, kind=kind, n=n, temperature=temp, lr=lr, decay=1.0, momentum=p,
                          error_power=m, epochs=1, batch=bb, state=state)
        t.mem = torch.from_numpy(mem.copy())
        t.begin_epoch(0)
        probes = torch.from_numpy(x1.copy()).index_fill_(1, t.trained, -1.0)

        def fields():
            f = dt.fields(t.mem, probes, t.trained, t.scale(), kind, n)
            if kind == "exponential":  # Engram's fields() scales them by e^(-c max_mu h_mu) (argmax unchanged)
                f = f * torch.exp(-t.scale() * (probes @ t.mem.t()).amax(1, keepdim=True))
            return f.numpy().ravel()

        out = {"fields0": fields()}
        for step, xb in ((1, x1), (2, x2)):
            xt = torch.from_numpy(xb)
            loss, grad = dt.loss_and_grad_closed(t.mem.clone(), xt, t.trained, t.scale(), kind, n, m, state)
            # the per-memory max-normalised step turns any nonzero gradient, however small, into a full lr step:
            # a memory whose gradient is at rounding level would step by +-lr on one side and not the other, so
            # the fixed cases must have none (a rectified memory that is exactly inactive has gradient 0: fine)
            rows = grad.abs().amax(1)
            assert bool(((rows == 0) | (rows > 1e-6 * rows.max())).all()), f"{name}: a memory's gradient is tiny"
            out[f"loss{step}"], out[f"grad{step}"] = float(loss), grad.numpy().ravel()
            if step == 1:  # the same gradient in float64, to see how far each float32 result is from it
                _, g64 = dt.loss_and_grad_closed(t.mem.double(), xt.double(), t.trained, t.scale(), kind, n, m, state)
                out["f64"] = g64.numpy().ravel()
            t.step(xt)
            out[f"mem{step}"] = t.mem.numpy().ravel().copy()
        out["fields"] = fields()
        expect[name] = out
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "cases.txt"
        inp.write_text("\n".join(data) + "\n")
        cmd = [java, "--add-modules", "jdk.incubator.vector", "-cp", str(jar), "dev.engram.bench.peers.DamTrainCheck",
               str(inp), backend]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if res.returncode != 0:
        if "ClassNotFoundException" in res.stderr or "NoClassDefFoundError" in res.stderr:
            return None, f"skipped: {jar} predates DamTrainCheck; rebuild it (mvn -B -q -DskipTests package)"
        raise AssertionError(f"DamTrainCheck failed ({res.returncode}): {res.stderr[-2000:]}")
    got, cur = {}, None
    for line in res.stdout.splitlines():
        key, _, rest = line.partition(" ")
        if key == "case":
            cur = got.setdefault(rest.strip(), {})
        elif key.startswith("loss"):
            cur[key] = float(rest)
        elif key:
            cur[key] = np.array([float(v) for v in rest.split()])
    worst = {}
    for name, e in expect.items():
        g = got[name]
        for key, want in e.items():
            if key == "f64":
                for label, v in (("grad1 Engram vs float64", g["grad1"]), ("grad1 torch32 vs float64", e["grad1"])):
                    worst[label] = max(worst.get(label, 0.0), rel(v, want))
                continue
            if key.startswith("loss"):
                d = abs(g[key] - want) / abs(want)
            elif key.startswith("mem"):
                d = float(np.max(np.abs(g[key] - want)))  # absolute: memories live in [-1, 1]
            else:
                d = rel(g[key], want)
            worst[key] = max(worst.get(key, 0.0), d)
    return worst, f"{len(expect)} cases, backend {backend}"


def test_against_engram():
    for backend in ("scalar", "auto"):
        worst, note = engram_check(backend)
        if worst is None:
            print(f"  Engram comparison {note}")
            REPORT[f"Engram ({backend})"] = note
            return
        REPORT[f"Engram vs torch float32 ({note}; losses rel, gradients/fields max|diff|/max, memories abs)"] = \
            {k: float(f"{v:.3g}") for k, v in sorted(worst.items())}
        for key, d in worst.items():
            if "float64" in key:
                continue
            tol = 1e-5 if key.startswith("loss") else 1e-4  # memories: absolute (lr = 0.1, so 1e-3 of a step)
            assert d < tol, f"Engram ({backend}) and torch differ in {key} by {d:.3g} (tolerance {tol})"


if __name__ == "__main__":
    torch.set_num_threads(1)
    tests = [v for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)]
    for fn in tests:
        fn()
        print(f"ok  {fn.__name__}")
    for k, v in REPORT.items():
        print(f"  {k}: {v}")
    print(f"{len(tests)} tests passed")
