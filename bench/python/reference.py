"""NumPy reference implementations of Engram's recall dynamics, written the way a NumPy user would write them
for speed: packed-bit overlaps with np.bitwise_count, float32 BLAS matmul/dot, preallocated buffers and
``out=`` arguments, and no Python loop over memories.

Models (the definitions of /work/shared/papers/dense-associative-memory.md and the Engram models):

* ``hopfield`` -- classical Hopfield network, Hebbian rule W = (1/N) sum_mu xi xi^T with a zero diagonal;
  recall x_i <- +1 if (W x)_i > 0 else -1, asynchronous (random order, sweeps until one changes nothing) or
  synchronous.
* ``dam`` -- Dense Associative Memory with bipolar stored memories and the normalised field
  field_i = sum_mu F(c xi_mu.x(i+)) - F(c xi_mu.x(i-)), c = beta/N, F polynomial / rectified / leaky.
* ``modern`` -- continuous modern Hopfield network, one step xi_new = X^T softmax(beta X xi).

Every recall takes a probe (int8 +-1, or float32 for ``modern``) and returns the final state.
"""

from __future__ import annotations

import math

import numpy as np

# ----------------------------------------------------------------------------------------------- helpers


def pack_bits(x: np.ndarray) -> np.ndarray:
    """Packs rows of +-1 values into uint64 words (bit set = +1), zero-padded to a multiple of 64."""
    x = np.atleast_2d(x)
    n = x.shape[1]
    words = (n + 63) // 64
    bits = np.zeros((x.shape[0], words * 64), dtype=np.uint8)
    bits[:, :n] = x > 0
    return np.packbits(bits, axis=1, bitorder="little").view(np.uint64)


def overlaps(packed_memories: np.ndarray, packed_state: np.ndarray, n: int) -> np.ndarray:
    """Overlaps xi_mu . x of K packed memories with one packed state: N - 2 popcount(xi XOR x)."""
    d = np.bitwise_count(packed_memories ^ packed_state).sum(axis=1, dtype=np.int32)
    return (n - 2 * d).astype(np.float32)


def parse_spec(spec: str) -> dict:
    """Parses a workload spec ``model:N=..:K=..:P=..:flip=..:seed=..:param=value`` (as Workload.java does)."""
    parts = spec.split(":")
    out = {"model": parts[0], "P": 16, "flip": 0.1, "seed": 1, "params": {}}
    for part in parts[1:]:
        key, value = part.split("=", 1)
        if key in ("N", "K", "P", "seed"):
            out[key] = int(value)
        elif key == "flip":
            out[key] = float(value)
        else:
            out["params"][key] = value
    return out


# ----------------------------------------------------------------------------------------------- hopfield


class Hopfield:
    """Hebbian Hopfield network (zero diagonal) over K stored +-1 patterns."""

    def __init__(self, patterns: np.ndarray, params: dict):
        if params.get("rule", "hebbian") != "hebbian":
            raise ValueError("the NumPy reference implements only rule=hebbian")
        k, n = patterns.shape
        x = patterns.astype(np.float32)
        self.n = n
        self.w = (x.T @ x) / np.float32(n)  # symmetric, so row i is also column i
        if params.get("diagonal", "zero") == "zero":
            np.fill_diagonal(self.w, 0.0)
        self.zero_diag = params.get("diagonal", "zero") == "zero"
        self.sync = params.get("recall", "async") == "sync"
        self.max_steps = int(params.get("max-steps", 100))
        # "weights": every full field vector is W @ x (N^2 floats read); "patterns": the low-rank form
        # W x = (1/N)(X^T (X x) - K x) with the overlaps X x from packed bits (np.bitwise_count), K*N floats read
        # -- what Engram does while K <= N/4. The flips of asynchronous recall use W's rows in both.
        self.variant = "weights"
        self.k = k
        self.packed = pack_bits(patterns)
        self.x = np.ascontiguousarray(x)

    def _fields(self, x: np.ndarray) -> np.ndarray:
        if self.variant == "weights":
            return self.w @ x
        m = overlaps(self.packed, pack_bits(x), self.n)
        h = m @ self.x
        if self.zero_diag:
            h -= np.float32(self.k) * x
        h *= np.float32(1.0 / self.n)
        return h

    def recall(self, probe: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return self._sync(probe) if self.sync else self._async(probe, rng)

    def _sync(self, probe: np.ndarray) -> np.ndarray:
        x = probe.astype(np.float32)
        prev = None
        for _ in range(self.max_steps):
            nxt = np.where(self._fields(x) > 0, np.float32(1), np.float32(-1))
            if np.array_equal(nxt, x):
                break
            if prev is not None and np.array_equal(nxt, prev):
                x = nxt
                break  # 2-cycle
            prev, x = x, nxt
        return x.astype(np.int8)

    def _async(self, probe: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # Local fields h = W x kept up to date after each flip (O(N)). Within a sweep the next neuron that
        # changes is found with one vector comparison over the rest of the sweep's order instead of a Python
        # loop over neurons: the neurons before it would be left as they are, so this is exactly sequential
        # (asynchronous) recall.
        w = self.w
        x = probe.astype(np.float32)
        h = self._fields(x)
        n = self.n
        for _ in range(self.max_steps):
            order = rng.permutation(n)
            pos = 0
            flips = 0
            while pos < n:
                rest = order[pos:]
                unstable = (h[rest] > 0) != (x[rest] > 0)
                j = int(unstable.argmax())
                if not unstable[j]:
                    break
                i = rest[j]
                s = np.float32(1) if h[i] > 0 else np.float32(-1)
                x[i] = s
                h += (2 * s) * w[i]
                flips += 1
                pos += j + 1
            if flips == 0:
                break
        return x.astype(np.int8)


# ----------------------------------------------------------------------------------------------- dam


def _power(x: np.ndarray, n: int, out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
    """out = x**n by repeated squaring in preallocated float32 buffers (np.power would call pow())."""
    out.fill(1.0)
    np.copyto(tmp, x)
    e = n
    while e:
        if e & 1:
            out *= tmp
        e >>= 1
        if e:
            tmp *= tmp
    return out


class Dam:
    """Dense Associative Memory over K stored bipolar memories, normalised form c = beta / N."""

    def __init__(self, patterns: np.ndarray, params: dict):
        if params.get("mode", "trained") != "stored":
            raise ValueError("the NumPy reference implements the dam with stored memories (mode=stored)")
        if params.get("form", "normalised") != "normalised":
            raise ValueError("the NumPy reference implements form=normalised")
        self.kind = params.get("interaction", "polynomial")
        if self.kind not in ("polynomial", "rectified", "leaky"):
            raise ValueError("the NumPy reference implements polynomial, rectified and leaky interactions")
        self.deg = int(params.get("n", 3))
        k, n = patterns.shape
        t = float(params.get("temperature", 0.0))
        beta = 1.0 / t if t > 0 else (n / (2.0 * self.deg)) ** (1.0 / self.deg)  # Engram's automatic T
        self.c = np.float32(beta / n)
        self.n, self.k = n, k
        self.packed = pack_bits(patterns)
        # row i = 2c * (memories' values at neuron i): contiguous K-vectors for the per-neuron field
        self.col = np.ascontiguousarray(patterns.T.astype(np.float32))
        self.col2c = self.col * (2 * self.c)
        # "s0" (one F over K per neuron) or "weights" (one dot over K per neuron, three F per flip)
        self.variant = "weights"
        self.sync = params.get("recall", "sync") == "sync"
        self.max_steps = int(params.get("max-steps", 100))
        self._a = np.empty(k, np.float32)
        self._f = np.empty(k, np.float32)
        self._t = np.empty(k, np.float32)

    def _F(self, a: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        _power(a, self.deg, out, tmp)
        if self.kind == "rectified":
            out[a <= 0] = 0
        elif self.kind == "leaky":
            neg = a <= 0
            out[neg] = 0.01 * a[neg]
        return out

    def _Fsum(self, a: np.ndarray) -> float:
        if self.kind == "polynomial" and self.deg == 3:
            np.multiply(a, a, out=self._t)
            return float(np.dot(self._t, a))  # sum a^3 in one BLAS call
        return float(self._F(a, self._f, self._t).sum())

    def recall(self, probe: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if self.sync:
            return self._sync(probe)
        return self._async_weights(probe, rng) if self.variant == "weights" else self._async(probe, rng)

    def _async(self, probe: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # With ca = c * overlaps and memories bipolar, neuron i at value s has
        #   field_i = S0 - sum F(ca - 2c xi_i)  (s = +1),   sum F(ca + 2c xi_i) - S0  (s = -1),
        # where S0 = sum F(ca) is shared by every neuron and changes only when a neuron flips: one F over K
        # per neuron, overlaps updated incrementally (O(K)) after each flip.
        x = probe.astype(np.int8).copy()
        ca = overlaps(self.packed, pack_bits(x), self.n) * self.c
        s0 = self._Fsum(ca)
        a = self._a
        col = self.col2c
        for _ in range(self.max_steps):
            flips = 0
            for i in rng.permutation(self.n):
                if x[i] > 0:
                    np.subtract(ca, col[i], out=a)
                    plus = s0 - self._Fsum(a) > 0
                else:
                    np.add(ca, col[i], out=a)
                    plus = self._Fsum(a) - s0 > 0
                if plus != (x[i] > 0):
                    x[i] = 1 if plus else -1
                    if plus:  # overlaps change by 2 x_i xi_i, so c * overlaps by x_i * col[i]
                        ca += col[i]
                    else:
                        ca -= col[i]
                    s0 = self._Fsum(ca)
                    flips += 1
            if flips == 0:
                break
        return x

    def _prepare(self, h: np.ndarray) -> tuple[np.ndarray, float]:
        """Per-state weights of the bipolar-memory identity (the one Engram's StoredDam uses): for
        xi_mu_i, s = +-1, F(c(h - s xi + xi)) - F(c(h - s xi - xi)) = xi W_mu + s C_mu with
        W = [F(c(h+2)) - F(c(h-2))] / 2 and C = sum [2 F(c h) - F(c(h+2)) - F(c(h-2))] / 2."""
        c = self.c
        fa = self._F(c * (h + 2), np.empty_like(h), np.empty_like(h))
        fb = self._F(c * (h - 2), np.empty_like(h), np.empty_like(h))
        f0 = self._F(c * h, np.empty_like(h), np.empty_like(h))
        w = 0.5 * (fa - fb)
        const = float(f0.sum() - 0.5 * (fa.sum() + fb.sum()))
        return w, const

    def _async_weights(self, probe: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        # The same recall with the weight identity: a neuron's field is one dot product xi_i . W (+ s C); the
        # weights are recomputed (three F evaluations over K) after each flip.
        x = probe.astype(np.int8).copy()
        h = overlaps(self.packed, pack_bits(x), self.n)
        w, const = self._prepare(h)
        col = self.col  # +-1 float32, row i = the memories' values at neuron i
        for _ in range(self.max_steps):
            flips = 0
            for i in rng.permutation(self.n):
                s = 1.0 if x[i] > 0 else -1.0
                plus = float(col[i] @ w) + s * const > 0
                if plus != (s > 0):
                    x[i] = 1 if plus else -1
                    if plus:
                        h += 2 * col[i]
                    else:
                        h -= 2 * col[i]
                    w, const = self._prepare(h)
                    flips += 1
            if flips == 0:
                break
        return x

    def _sync(self, probe: np.ndarray) -> np.ndarray:
        # All neurons from one state: the N x K argument matrix ca - s_i 2c xi_i at once.
        x = probe.astype(np.int8).copy()
        prev = None
        for _ in range(self.max_steps):
            ca = overlaps(self.packed, pack_bits(x), self.n) * self.c
            s0 = self._Fsum(ca)
            s = x.astype(np.float32)
            a = ca[None, :] - s[:, None] * self.col2c
            fa = self._F(a, np.empty_like(a), np.empty_like(a)).sum(axis=1)
            field = s * (s0 - fa)
            nxt = np.where(field > 0, 1, -1).astype(np.int8)
            if np.array_equal(nxt, x):
                break
            if prev is not None and np.array_equal(nxt, prev):
                x = nxt
                break
            prev, x = x, nxt
        return x


# ----------------------------------------------------------------------------------------------- modern


class Modern:
    """Continuous modern Hopfield network (Ramsauer et al. 2020): one retrieval step."""

    def __init__(self, patterns: np.ndarray, params: dict):
        k, n = patterns.shape
        # int8 +-1 patterns, or float32 ones (patterns=gaussian); the spec's "patterns" key is not a model parameter
        self.x = np.ascontiguousarray(patterns.astype(np.float32))
        b = float(params.get("beta", 0.0))
        self.beta = np.float32(b if b > 0 else 1.0 / math.sqrt(n))
        self.steps = int(params.get("max-steps", 1))
        self.eps = float(params.get("epsilon", 1e-4))

    def recall(self, probe: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
        xi = probe.astype(np.float32)
        for _ in range(self.steps):
            s = self.x @ xi
            s *= self.beta
            s -= s.max()
            np.exp(s, out=s)
            s /= s.sum()
            nxt = s @ self.x
            done = float(np.abs(nxt - xi).max()) < self.eps
            xi = nxt
            if done:
                break
        return xi


MODELS = {"hopfield": Hopfield, "dam": Dam, "modern": Modern}


def build(spec: dict, patterns: np.ndarray):
    """The reference model of a parsed workload spec, with its patterns stored."""
    return MODELS[spec["model"]](patterns, spec["params"])
