#!/usr/bin/python3
"""PyTorch peer of Engram's DAM classifier training (TrainedDam, mode=trained), vectorised over the batch.

The same maths as dev.engram.core.model.dam.TrainedDam, float32 on CPU, written as an idiomatic PyTorch user
would write it (not the authors' tiled per-item loop):

* state x in {-1,+1}^N, K memories xi_mu in [-1,1]^N, the trained neurons D (the classifier: the 10 class
  neurons after the 784 pixels);
* training state: every trained neuron at -1 when D is a proper subset (``--training-state recall``, Engram's
  default: the state recall starts from), or the item's own state (``targets``: the other class neurons at their
  one-hot targets, as in the authors' library; the value of neuron d itself never enters its field);
* overlaps of the whole batch in one matrix product H = X Xi^T (B x K); then, broadcast over (item, trained
  neuron, memory), a+- = c (H - x_i xi_mu,i +- xi_mu,i) with c = beta/N (normalised form, beta = 1/T) or
  c = 1/T (Krotov's form). One of a+, a- is always c H itself (the one whose sign is x_i), the other is
  c (H - 2 x_i xi_mu,i): so only that one is a B x d x K tensor (half the elementwise work of computing both);
* field_i = sum_mu F(a+) - F(a-), Y_i = tanh(field_i), loss L = sum (Y - t)^(2m) over items and trained neurons
  (tanh, the error and its derivative in float64, as TrainedDam: B x d values);
* gradient: closed form (default) dL/dxi_mu = sum g_i [F'(a+) x(i+) - F'(a-) x(i-)],
  g_i = 2m (Y-t)^(2m-1) (1 - Y^2) c: one rank-B product A^T X (A = sum_i g_i (F'(a+) - F'(a-)), B x K) plus a
  correction on the trained components; or autograd (``--grad autograd``) through the same forward pass (3-4x
  slower per step here), or ``--grad literal`` (both a+ and a- computed, as TrainedDam writes it; 2x slower);
* optimiser: V <- p V + g; per memory Delta xi_mu = -lr V_mu / max_i |V_mu,i| (0 when the max is 0); clamp to
  [-1, 1]; lr = lr0 decay^epoch; temperature ramped linearly from --temperature to --temperature-final;
  memories start as Normal(0, init-std^2) clamped to [-1, 1]; one shuffle per epoch, batches in that order, the
  last batch partial; the gradient is the sum over the batch (not the mean), as in Engram.
* prediction: argmax (first on ties) of the class neurons' fields on the state with every class neuron at -1,
  at the current (after the last epoch: final) temperature's scale.

Not the same random numbers as Engram (torch's generator, not SplittableRandom: initial memories and shuffles
differ), so runs agree in distribution, not bit for bit. --mnist takes the first --train training images by
default (Engram's image tasks draw a seeded random sample; --subset random does that here, with numpy's generator).

Performance choices (each measured on the Debian torch 1.13 CPU build): matrix products through OpenBLAS (the
reference BLAS Debian links by default runs them at ~4 GFLOP/s; install-torch.sh installs libopenblas0-openmp);
x^n by repeated squaring (torch.pow with an integer exponent is several times slower); no torch.where, masked_fill
or comparisons in the hot path (slow on this build): F = r^n + leak min(a, 0), F' = n r^(n-1) + leak (1 - sign r)
with r = max(a, 0); in-place operations; the B x d x K terms in blocks of --chunk items (cache); subnormal floats
flushed to zero (torch.set_flush_denormal; a^n underflows for large n, and subnormal arithmetic is slow on x86).
No JIT fusion: this build has no LLVM, so TorchScript cannot fuse elementwise CPU kernels.

Modes:
  --bench        time epochs of 10,000 random MNIST-shaped items (N = 794, K = 256, batch 128, 10 class neurons)
  --mnist DIR    train on DIR/mnist/*-idx?-ubyte and report test accuracy after every epoch

Run with Debian's torch: /usr/bin/python3 bench/python/dam_train_torch.py ... (bench/python/install-torch.sh).
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import json
import math
import os
import platform
import statistics
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch

PIXELS = 784
CLASSES = 10
INTERACTIONS = ("leaky", "polynomial", "rectified", "exponential")
DEFAULT_LEAK = 0.01  # Interaction.DEFAULT_LEAK


# ----------------------------------------------------------------------------------------------- the maths


def powi(x: torch.Tensor, e: int, inplace: bool = True) -> torch.Tensor:
    """x^e for an integer e >= 0 by repeated squaring, as Engram's kernels (torch.pow with an integer exponent is
    several times slower on this CPU build); a new tensor, x untouched. ``inplace=False`` for autograd."""
    if e == 0:
        return torch.ones_like(x)
    result = None
    base = x
    while True:
        if e & 1:
            if result is None:
                result = base.clone() if inplace else base
            else:
                result = result.mul_(base) if inplace else result * base
        e >>= 1
        if not e:
            return result
        base = base.mul_(base) if (inplace and base is not x) else base * base


def interaction(a: torch.Tensor, kind: str, n: int, leak: float = DEFAULT_LEAK, derivative: bool = True,
                inplace: bool = True):
    """F(a) and F'(a) elementwise (F' is None when ``derivative`` is False), as dev.engram.api.kernel.Interaction:
    polynomial a^n; rectified a^n for a > 0 else 0; leaky a^n for a > 0 else leak*a (F' = leak for a <= 0);
    exponential e^a (training uses no shift, as TrainedDam). ``a`` is not modified. Written without torch.where,
    masked_fill and comparisons, which are slow on this build: with r = max(a, 0), F = r^n + leak min(a, 0) and
    F' = n r^(n-1) + leak (1 - sign r)."""
    if kind == "exponential":
        f = torch.exp(a)
        return f, (f if derivative else None)
    if kind not in INTERACTIONS:
        raise ValueError(f"unknown interaction '{kind}'; accepted: {', '.join(INTERACTIONS)}")
    if kind == "polynomial":
        r = a
        p = powi(r, n - 1, inplace)
    else:
        r = a.clamp_min(0.0)
        p = r.sign() if n == 1 else powi(r, n - 1, inplace)  # r^(n-1), and [a > 0] when n = 1
    f = p * r
    if kind == "leaky":
        f = f.add_(a.clamp_max(0.0), alpha=leak) if inplace else f + leak * a.clamp_max(0.0)
    if not derivative:
        return f, None
    df = p * float(n)
    if kind == "leaky":
        df = df + (1.0 - r.sign()) * leak
    return f, df


def _flip_terms(a: torch.Tensor, kind: str, n: int, leak: float, derivative: bool = True):
    """sum over the last axis (the memories) of F(a), and F'(a) elementwise (None unless ``derivative``): as
    interaction(), with fewer passes over memory. Overwrites ``a``."""
    if kind == "exponential":
        f = a.exp_()
        return f.sum(-1), (f if derivative else None)
    if kind == "polynomial":
        p = powi(a, n - 1)
        fsum = (p * a).sum(-1)
        return fsum, (p.mul_(float(n)) if derivative else None)
    r = a.clamp_min(0.0)
    neg = a.sum(-1).sub_(r.sum(-1)) if kind == "leaky" else None  # sum of min(a, 0)
    p = r.sign() if n == 1 else powi(r, n - 1)
    positive = torch.sign(r, out=a) if (derivative and kind == "leaky") else None  # [a > 0]; a is free now
    fsum = r.mul_(p).sum(-1)
    if neg is not None:
        fsum.add_(neg, alpha=leak)
    if not derivative:
        return fsum, None
    df = p.mul_(float(n))
    if positive is not None:
        df.add_(positive.mul_(-leak).add_(leak))
    return fsum, df


def training_state(x: torch.Tensor, trained: torch.Tensor, mode: str) -> torch.Tensor:
    """The state the fields are computed on: ``recall`` sets every trained neuron to -1 when they are a proper
    subset of the neurons (TrainedDam); ``targets`` keeps the item's state (the authors' library: the other class
    neurons at their one-hot targets; neuron i's own value never enters its field)."""
    if mode not in ("recall", "targets"):
        raise ValueError(f"training state '{mode}'; accepted: recall, targets")
    if mode == "targets" or trained.numel() == x.shape[1]:
        return x
    xs = x.clone()
    xs[:, trained] = -1.0
    return xs


# The two arguments of neuron i are a(i+-) = c xi_mu . x(i+-) = c (H - s_i xi_mu,i +- xi_mu,i). One of them is
# always the state's own c H (the one with sign s_i); the other, the "flip", is c (H - 2 s_i xi_mu,i). So
#   field_i = -s_i sum_mu [F(c (H - 2 s_i xi_mu,i)) - F(c H)]
#   d field_i / d xi_mu = -s_i c [(F'(flip) - F'(cH)) x - 2 s_i F'(flip) e_i]
# -- the same maths as the literal a+- form (TrainedDam's), with one B x d x K interaction tensor instead of two.


def _flip(mem, xs, trained, c):
    h = xs @ mem.t()  # B x K: the overlaps of the batch, one matrix product (2 B N K flops)
    ch = h.mul_(c)
    s = xs.index_select(1, trained)  # B x d: the trained neurons' values in the state
    xi2 = mem.index_select(1, trained).t().contiguous().mul_(-2.0 * c)  # d x K: -2 c xi_mu,i
    a = torch.addcmul(ch.unsqueeze(1), s.unsqueeze(2), xi2.unsqueeze(0))  # c (H - 2 s xi), B x d x K
    return ch, s, a


def fields(mem: torch.Tensor, xs: torch.Tensor, trained: torch.Tensor, c: float, kind: str, n: int,
           leak: float = DEFAULT_LEAK) -> torch.Tensor:
    """The fields (B x d) of the trained neurons in the states ``xs`` (B x N)."""
    ch, s, a = _flip(mem, xs, trained, c)
    fs, _ = _flip_terms(a, kind, n, leak, derivative=False)
    f_self, _ = interaction(ch, kind, n, leak, derivative=False)
    return fs.sub_(f_self.sum(-1, keepdim=True)).mul_(s).neg_()


def _error_terms(field, t, error_power, c):
    """Loss sum (Y - t)^(2m) and g = dL/dfield * c (B x d, the field's dtype) from the fields (B x d). As TrainedDam,
    tanh, the error and g are computed in float64 (B x d values: free): in float32, Y - t and 1 - Y^2 lose most of
    their digits once tanh saturates (|Y| > 0.999)."""
    y = torch.tanh(field.double())
    e = y - t.double()
    m2 = 2 * error_power
    loss = e.pow(m2).sum()
    g = e.pow(m2 - 1).mul_(1 - y * y).mul_(m2 * c)
    return loss, g.to(field.dtype)


def loss_and_grad_closed(mem, x, trained, c, kind, n, error_power=1, state="recall", leak=DEFAULT_LEAK, chunk=32):
    """The batch loss and its closed-form gradient dL/dXi (K x N), as TrainedDam.lossAndGradient. The overlaps and
    the rank-B gradient are one matrix product each for the whole batch; the B x d x K interaction terms are
    computed ``chunk`` items at a time (0: all at once), so that they stay in cache (about 20 % faster here)."""
    xs = training_state(x, trained, state)
    ch_all = (xs @ mem.t()).mul_(c)  # c H, B x K: the overlaps of the batch, one matrix product (2 B N K flops)
    s_all = xs.index_select(1, trained)  # B x d: the trained neurons' values in the state
    t_all = x.index_select(1, trained)  # B x d: their targets
    xi2 = mem.index_select(1, trained).t().contiguous().mul_(-2.0 * c)  # d x K: -2 c xi_mu,i
    all_minus = state == "recall" and trained.numel() < x.shape[1]  # every s_i is -1
    coef = torch.empty_like(ch_all)  # A = sum_i -s_i g_i (F'(flip_i) - F'(cH)), B x K
    corr = torch.zeros_like(xi2)  # sum over items of g_i F'(flip_i), d x K
    loss = 0.0
    step = chunk if chunk and chunk > 0 else x.shape[0]
    for b in range(0, x.shape[0], step):
        ch, s = ch_all[b:b + step], s_all[b:b + step]
        a = torch.addcmul(ch.unsqueeze(1), s.unsqueeze(2), xi2.unsqueeze(0))  # c (H - 2 s xi), chunk x d x K
        fs, df = _flip_terms(a, kind, n, leak)
        f_self, df_self = interaction(ch, kind, n, leak)
        field = fs.sub_(f_self.sum(-1, keepdim=True)).mul_(s).neg_()
        lb, g = _error_terms(field, t_all[b:b + step], error_power, c)
        loss += float(lb)
        pg = df.mul_(g.unsqueeze(2))  # g F'(flip)
        cb = coef[b:b + step]
        if all_minus:
            torch.sum(pg, 1, out=cb)
        else:
            cb.copy_(torch.bmm(s.neg().unsqueeze(1), pg).squeeze(1))
        cb.addcmul_(df_self, (s * g).sum(1, keepdim=True))
        corr.add_(pg.sum(0))
    grad = coef.t() @ xs  # the rank-B term A^T X (2 B N K flops)
    grad.index_add_(1, trained, corr.t(), alpha=2.0)  # the component-i term 2 g F'(flip)
    return torch.tensor(loss, dtype=torch.float64), grad


def loss_and_grad_autograd(mem, x, trained, c, kind, n, error_power=1, state="recall", leak=DEFAULT_LEAK):
    """The same loss (same forward pass), its gradient by autograd."""
    xs = training_state(x, trained, state)
    w = mem.detach().requires_grad_(True)
    ch, s, a = _flip(w, xs, trained, c)
    f_flip, _ = interaction(a, kind, n, leak, derivative=False, inplace=False)
    f_self, _ = interaction(ch, kind, n, leak, derivative=False, inplace=False)
    y = torch.tanh(((f_self.sum(-1, keepdim=True) - f_flip.sum(-1)) * s).double())  # float64 as TrainedDam
    loss = (y - x.index_select(1, trained).double()).pow(2 * error_power).sum()
    (grad,) = torch.autograd.grad(loss, w)
    return loss.detach(), grad


def loss_and_grad_literal(mem, x, trained, c, kind, n, error_power=1, state="recall", leak=DEFAULT_LEAK):
    """The closed form written literally as TrainedDam: both arguments a+- = c (H - s xi +- xi), B x d x K each."""
    xs = training_state(x, trained, state)
    h = xs @ mem.t()
    s = xs.index_select(1, trained)
    xi = mem.index_select(1, trained).t().contiguous()
    cb = torch.addcmul(h.unsqueeze(1), s.unsqueeze(2), xi.unsqueeze(0), value=-1.0).mul_(c)  # c (H - s xi)
    cxi = xi.mul(c)
    f_p, df_p = interaction(cb + cxi, kind, n, leak)
    f_m, df_m = interaction(cb - cxi, kind, n, leak)
    loss, g = _error_terms((f_p - f_m).sum(-1), x.index_select(1, trained), error_power, c)
    g = g.unsqueeze(2)
    diff = (df_p - df_m).mul_(g)  # g (F'(a+) - F'(a-))
    grad = diff.sum(1).t() @ xs  # A^T X
    # component i of x(i+-) is +-1, not s_i: add g (F'(a+) + F'(a-)) - g (F'(a+) - F'(a-)) s_i there
    corr = (df_p + df_m).mul_(g).sub_(diff * s.unsqueeze(2)).sum(0)
    grad.index_add_(1, trained, corr.t())
    return loss, grad


GRADIENTS = {"closed": loss_and_grad_closed, "autograd": loss_and_grad_autograd, "literal": loss_and_grad_literal}


def resolve_temperature(declared: float, n_neurons: int, kind: str, n: int, krotov: bool) -> float:
    """DenseAssociativeMemory.resolveTemperature: 0 means automatic."""
    if declared > 0:
        return declared
    if kind == "exponential":
        beta = 2 * math.log(max(3, n_neurons))
        return n_neurons / beta if krotov else 1.0 / beta
    if krotov:
        return (2.0 * n) ** (1.0 / n) * n_neurons ** ((n - 1.0) / n)
    return 1.0 / (n_neurons / (2.0 * n)) ** (1.0 / n)


class DamTrainer:
    """The training loop of SequentialTrainer + TrainedDam for one task."""

    def __init__(self, n_neurons, k, trained, *, kind="leaky", n=10, temperature=0.0, temperature_final=0.0,
                 form="normalised", lr=0.1, decay=0.999, momentum=0.6, error_power=1, init_std=0.1, epochs=100,
                 batch=128, seed=1, state="recall", grad="closed", leak=DEFAULT_LEAK, chunk=32):
        self.N, self.K = n_neurons, k
        self.trained = torch.as_tensor(trained, dtype=torch.long)
        self.kind, self.n, self.leak = kind, n, leak
        self.krotov = form == "krotov"
        self.t_init = resolve_temperature(temperature, n_neurons, kind, n, self.krotov)
        self.t_final = self.t_init if temperature_final == 0 else temperature_final
        self.temperature = self.t_init
        self.lr0, self.decay, self.p, self.m = lr, decay, momentum, error_power
        self.epochs, self.batch, self.state = epochs, batch, state
        fn = GRADIENTS[grad]
        self.loss_and_grad = functools.partial(fn, chunk=chunk) if fn is loss_and_grad_closed else fn
        self.gen = torch.Generator().manual_seed(seed)
        self.mem = torch.randn(k, n_neurons, generator=self.gen).mul_(init_std).clamp_(-1.0, 1.0)
        self.velocity = torch.zeros_like(self.mem)
        self.lr = lr

    def scale(self) -> float:
        """c = beta/N (normalised) or beta (Krotov's form), rounded to float as Engram does."""
        t = self.temperature
        return float(np.float32(1.0 / t if self.krotov else 1.0 / (t * self.N)))

    def begin_epoch(self, epoch: int):
        self.lr = self.lr0 * self.decay ** epoch
        frac = epoch / (self.epochs - 1) if self.epochs > 1 else 1.0
        self.temperature = self.t_init + (self.t_final - self.t_init) * frac

    def step(self, x: torch.Tensor) -> float:
        loss, grad = self.loss_and_grad(self.mem, x, self.trained, self.scale(), self.kind, self.n, self.m,
                                        self.state, self.leak)
        v = self.velocity.mul_(self.p).add_(grad)
        mx = v.abs().amax(1, keepdim=True)  # max_i |V_mu,i| (faster here than linalg.vector_norm(inf))
        step = torch.where(mx > 0, -self.lr / mx, torch.zeros((), dtype=mx.dtype))
        self.mem.addcmul_(step, v).clamp_(-1.0, 1.0)
        return float(loss)

    def epoch(self, items: torch.Tensor, epoch: int) -> float:
        """One epoch over ``items`` (count x N, +-1 float32): shuffle, batches; returns the mean batch loss."""
        self.begin_epoch(epoch)
        order = torch.randperm(items.shape[0], generator=self.gen)
        total, batches = 0.0, 0
        for b in range(0, items.shape[0], self.batch):
            total += self.step(items[order[b:b + self.batch]])
            batches += 1
        return total / max(1, batches)

    def predict(self, probes: torch.Tensor, chunk: int = 1000) -> torch.Tensor:
        """Class of each probe (count x N; its class neurons are set to -1 here): argmax of their fields."""
        out = []
        for b in range(0, probes.shape[0], chunk):
            xs = probes[b:b + chunk].clone()
            xs[:, self.trained] = -1.0
            out.append(torch.argmax(fields(self.mem, xs, self.trained, self.scale(), self.kind, self.n, self.leak), 1))
        return torch.cat(out)


# ----------------------------------------------------------------------------------------------- data


def read_idx(path: Path) -> np.ndarray:
    data = path.read_bytes()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    if arr.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {arr.size} bytes for shape {shape}")
    return arr.reshape(shape)


def classifier_states(images: np.ndarray, labels: np.ndarray, threshold: int = 0) -> torch.Tensor:
    """[pixels: +1 when grey value > threshold | 10 class neurons one-hot], +-1 float32 (ImageTasks.encode)."""
    count = images.shape[0]
    x = np.full((count, PIXELS + CLASSES), -1.0, dtype=np.float32)
    x[:, :PIXELS] = np.where(images.reshape(count, -1) > threshold, 1.0, -1.0)
    x[np.arange(count), PIXELS + labels.astype(np.int64)] = 1.0
    return torch.from_numpy(x)


def random_items(count: int, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 2, (count, PIXELS + CLASSES), generator=g).float().mul_(2).sub_(1)
    x[:, PIXELS:] = -1.0
    x[torch.arange(count), PIXELS + torch.randint(0, CLASSES, (count,), generator=g)] = 1.0
    return x


# ----------------------------------------------------------------------------------------------- modes


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_library() -> str | None:
    """The BLAS shared library this process has loaded (torch's matrix products go through it)."""
    torch.ones(2, 2) @ torch.ones(2, 2)
    try:
        libs = {line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines()
                if "blas" in line.rsplit("/", 1)[-1].lower()}
    except OSError:
        return None
    return ", ".join(sorted(libs)) or None


def set_threads(threads: int):
    """torch.set_num_threads, and the same for OpenBLAS (the OpenMP build follows it anyway; a pthreads build
    would not)."""
    torch.set_num_threads(threads)
    for lib in (blas_library() or "").split(", "):
        if "openblas" in lib:
            try:
                ctypes.CDLL(lib).openblas_set_num_threads(threads)
            except (OSError, AttributeError):
                pass


def environment() -> dict:
    blas = blas_library()
    if blas and "openblas" not in blas.lower() and "mkl" not in blas.lower():
        print(f"warning: torch uses the BLAS {blas}, probably the slow reference one; bench/python/install-torch.sh "
              "installs OpenBLAS (libopenblas0-openmp)", file=sys.stderr)
    return {"cpu": cpu_model(), "logical_cpus": os.cpu_count(), "torch": torch.__version__,
            "python": platform.python_version(), "numpy": np.__version__, "blas": blas,
            "torch_parallel": torch.__config__.parallel_info().splitlines()[-1].strip(),
            "mkldnn": torch.backends.mkldnn.is_available(),
            "loadavg": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}


def trainer_from(args, n: int, epochs: int) -> DamTrainer:
    return DamTrainer(PIXELS + CLASSES, args.memories, list(range(PIXELS, PIXELS + CLASSES)), kind=args.interaction,
                      n=n, temperature=args.temperature, temperature_final=args.temperature_final, form=args.form,
                      lr=args.lr, decay=args.decay, momentum=args.momentum, error_power=args.error_power,
                      init_std=args.init_std, epochs=epochs, batch=args.batch, seed=args.seed,
                      state=args.training_state, grad=args.grad, chunk=args.chunk)


def settings(args) -> dict:
    keys = ("interaction", "temperature", "temperature_final", "form", "lr", "decay", "momentum", "error_power",
            "init_std", "memories", "batch", "seed", "training_state", "grad", "chunk", "flush_denormal")
    return {k: getattr(args, k) for k in keys}


def bench(args) -> dict:
    items = random_items(args.items, args.seed)
    count, N, K, d = args.items, PIXELS + CLASSES, args.memories, CLASSES
    flops = 4 * count * N * K
    results = []
    for threads in args.threads:
        set_threads(threads)
        for n in args.n:
            tr = trainer_from(args, n, args.warmup + args.repeats)
            for e in range(args.warmup):
                tr.epoch(items, e)
            times = []
            for e in range(args.warmup, args.warmup + args.repeats):
                t0 = time.perf_counter()
                tr.epoch(items, e)
                times.append(time.perf_counter() - t0)
            med = statistics.median(times)
            r = {"threads": threads, "n": n, "seconds_per_epoch": med, "epoch_seconds": times,
                 "gflops_per_second": flops / med / 1e9}
            results.append(r)
            print(f"threads={threads} n={n:<3} {med:.4f} s/epoch (median of {args.repeats}; "
                  f"min {min(times):.4f}, max {max(times):.4f})  {flops / med / 1e9:.2f} GFLOP/s", flush=True)
    return {"mode": "bench", **environment(), "items": count, "N": N, "K": K, "trained_neurons": d,
            "warmup_epochs": args.warmup, "timed_epochs": args.repeats, "settings": settings(args),
            "flops_per_epoch": flops,
            "flop_count": "4 * items * N * K per epoch: 2 B N K for the overlaps H = X Xi^T and 2 B N K for the "
                          "rank-B gradient A^T X, summed over the batches. Not counted: the "
                          f"items * d * K = {count * d * K} interaction terms F, F' at c (H - 2 s xi) (about "
                          "2 log2(n) + 12 elementwise ops each, for F, F', the field and the gradient; the literal "
                          f"a+- form would have twice as many) and the items * K = {count * K} at c H, the "
                          f"trained-neuron correction, the O(K N) optimiser step per batch "
                          f"({math.ceil(count / args.batch)} batches) and the shuffle/gather of the batch.",
            "timing": "time.perf_counter around whole epochs (shuffle, gather, loss and gradient, momentum, "
                      "normalised step, clamp) after warm-up epochs; median reported",
            "results": results}


def mnist(args) -> dict:
    folder = Path(args.mnist) / "mnist"
    tr_img = read_idx(folder / "train-images-idx3-ubyte")
    tr_lab = read_idx(folder / "train-labels-idx1-ubyte")
    te_img = read_idx(folder / "t10k-images-idx3-ubyte")
    te_lab = read_idx(folder / "t10k-labels-idx1-ubyte")
    if args.subset == "first":
        idx = np.arange(args.train)
    else:
        idx = np.random.default_rng(args.seed).permutation(tr_img.shape[0])[:args.train]
    train = classifier_states(tr_img[idx], tr_lab[idx])
    test = classifier_states(te_img, te_lab)
    test_labels = torch.from_numpy(te_lab.astype(np.int64))
    set_threads(args.threads[0])
    n = args.n[0]
    tr = trainer_from(args, n, args.epochs)
    history = []
    t_start = time.perf_counter()
    for e in range(args.epochs):
        t0 = time.perf_counter()
        loss = tr.epoch(train, e)
        secs = time.perf_counter() - t0
        pred = tr.predict(test)
        acc = float((pred == test_labels).float().mean())
        classes_used = int(torch.unique(pred).numel())
        history.append({"epoch": e + 1, "loss": loss, "test_accuracy": acc, "seconds": secs,
                        "temperature": tr.temperature, "lr": tr.lr, "classes_predicted": classes_used})
        print(f"epoch {e + 1:>4}  loss {loss:10.4f}  test accuracy {acc:.4f}  ({classes_used} classes predicted, "
              f"T {tr.temperature:.4g}, lr {tr.lr:.4g}, {secs:.2f} s)", flush=True)
    return {"mode": "mnist", **environment(), "data": str(folder), "train": args.train, "subset": args.subset,
            "test": int(test.shape[0]), "epochs": args.epochs, "n": n, "threads": args.threads[0],
            "threshold": 0, "settings": settings(args), "seconds_total": time.perf_counter() - t_start,
            "final_test_accuracy": history[-1]["test_accuracy"] if history else None, "history": history}


def ints(s: str):
    return [int(v) for v in s.split(",") if v]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--bench", action="store_true", help="time epochs of random MNIST-shaped items")
    mode.add_argument("--mnist", metavar="DIR", help="train on DIR/mnist/ (IDX files) and report test accuracy")
    ap.add_argument("--n", type=ints, default=None, help="interaction vertex n; a list for --bench (default 3,10,30; "
                    "--mnist: 10)")
    ap.add_argument("--threads", type=ints, default=[1, 2], help="torch.set_num_threads values (default 1,2; "
                    "--mnist uses the first)")
    ap.add_argument("--interaction", choices=INTERACTIONS, default="leaky")
    ap.add_argument("--temperature", type=float, default=0.0, help="T, beta = 1/T; 0 = automatic as Engram")
    ap.add_argument("--temperature-final", type=float, default=0.0, help="T at the last epoch (0 = same)")
    ap.add_argument("--form", choices=("normalised", "krotov"), default="normalised")
    ap.add_argument("--init-std", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--decay", type=float, default=0.999)
    ap.add_argument("--momentum", type=float, default=0.6)
    ap.add_argument("--error-power", type=int, default=1, help="m in (Y - t)^(2m)")
    ap.add_argument("--memories", type=int, default=256, help="K")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--training-state", choices=("recall", "targets"), default="recall",
                    help="recall: all class neurons at -1 (Engram); targets: the others at their targets (library)")
    ap.add_argument("--grad", choices=tuple(GRADIENTS), default="closed",
                    help="closed form (default), autograd (same forward pass; slower), or literal (the closed form "
                         "with both arguments a+- computed, as TrainedDam writes it; slower)")
    ap.add_argument("--chunk", type=int, default=32,
                    help="closed form: items per block of the B x d x K interaction terms (0 = the whole batch)")
    ap.add_argument("--no-flush-denormal", dest="flush_denormal", action="store_false",
                    help="keep subnormal floats (by default torch.set_flush_denormal(True): a^n underflows for "
                         "large n, and subnormal arithmetic is slow on x86)")
    ap.add_argument("--items", type=int, default=10000, help="--bench: items per epoch")
    ap.add_argument("--warmup", type=int, default=1, help="--bench: warm-up epochs")
    ap.add_argument("--repeats", type=int, default=5, help="--bench: timed epochs (median reported)")
    ap.add_argument("--train", type=int, default=10000, help="--mnist: training images")
    ap.add_argument("--subset", choices=("first", "random"), default="first",
                    help="--mnist: the first --train training images, or a seeded random sample")
    ap.add_argument("--epochs", type=int, default=100, help="--mnist: epochs")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args(argv)
    if args.n is None:
        args.n = [3, 10, 30] if args.bench else [10]
    torch.set_flush_denormal(args.flush_denormal)
    out = bench(args) if args.bench else mnist(args)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

