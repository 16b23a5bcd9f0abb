package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaBits.bipolar;
import static dev.engram.core.kernel.panama.PanamaKernels.scalarDf;
import static dev.engram.core.kernel.panama.PanamaKernels.scalarF;
import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.sumLanes;

import dev.engram.api.kernel.Interaction;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The Dense Associative Memory kernels of {@link PanamaKernels}: the interaction functions and their derivatives
 * lane by lane, DAM fields on float or packed memories, their derivatives, the bipolar weights and the energy.
 * A method named after a {@code Kernels} operation is its vector path: {@link PanamaKernels} sends inputs too
 * short for it to the scalar reference. Tails shorter than a vector use the scalar definitions of F and F'.
 */
final class PanamaDam {
    private PanamaDam() {
    }

    // ---------------------------------------------------------------- interaction functions (vector forms)

    /**
     * x^n, n ≥ 0, by repeated squaring in the scalar reference's multiplication order (bit-identical to
     * {@link dev.engram.core.kernel.ScalarKernels}'s {@code pow}).
     */
    static FloatVector pow(FloatVector x, int n) {
        if (n == 0) {
            return FloatVector.broadcast(F, 1f);
        }
        if (n > 127) {
            return powLoop(x, n);
        }
        // Unrolled for n < 128 (the dam takes n up to 100): with the vectors carried round a loop, C2 boxed them on
        // AVX2 (2.2 GB allocated per training epoch at n = 30 on a Zen 3, 0.4 s of 0.9 s), while this nest of
        // branches on n keeps them in registers. The same multiplications in the same order as the loop. Keep the
        // nesting: the same steps written flat (each "if (tz > k)" and "if (e != 0)" on its own, one after the
        // other) were boxed again on the Zen 3 (1.5-1.8 GB per epoch at n = 4 and 10).
        int tz = Integer.numberOfTrailingZeros(n);
        FloatVector r = x;
        if (tz > 0) {
            r = r.mul(r);
            if (tz > 1) {
                r = r.mul(r);
                if (tz > 2) {
                    r = r.mul(r);
                    if (tz > 3) {
                        r = r.mul(r);
                        if (tz > 4) {
                            r = r.mul(r);
                            if (tz > 5) {
                                r = r.mul(r);
                            }
                        }
                    }
                }
            }
        }
        int e = n >>> (tz + 1);
        if (e == 0) {
            return r;
        }
        // e < 64: at most six steps of b = b², r = r·b where the bit is set
        FloatVector b = r.mul(r);
        if ((e & 1) != 0) {
            r = r.mul(b);
        }
        if ((e >>>= 1) != 0) {
            b = b.mul(b);
            if ((e & 1) != 0) {
                r = r.mul(b);
            }
            if ((e >>>= 1) != 0) {
                b = b.mul(b);
                if ((e & 1) != 0) {
                    r = r.mul(b);
                }
                if ((e >>>= 1) != 0) {
                    b = b.mul(b);
                    if ((e & 1) != 0) {
                        r = r.mul(b);
                    }
                    if ((e >>>= 1) != 0) {
                        b = b.mul(b);
                        if ((e & 1) != 0) {
                            r = r.mul(b);
                        }
                        if ((e >>>= 1) != 0) {
                            b = b.mul(b);
                            r = r.mul(b);      // the last bit of a non-zero e is set
                        }
                    }
                }
            }
        }
        return r;
    }

    /** x^n by repeated squaring with a loop (n ≥ 128), in the scalar reference's multiplication order. */
    private static FloatVector powLoop(FloatVector x, int n) {
        FloatVector r = x;
        int tz = Integer.numberOfTrailingZeros(n);
        for (int t = 0; t < tz; t++) {
            r = r.mul(r);
        }
        FloatVector b = r;
        for (int e = n >>> (tz + 1); e != 0; e >>>= 1) {
            b = b.mul(b);
            if ((e & 1) != 0) {
                r = r.mul(b);
            }
        }
        return r;
    }

    /** The polynomial family's F: a^n, and (when {@code rectify}) {@code leak·a} (0 for leak 0) where a ≤ 0. */
    static FloatVector polyF(FloatVector a, int n, boolean rectify, float leak) {
        FloatVector p = pow(a, n);
        if (rectify) {
            FloatVector lo = leak == 0f ? FloatVector.zero(F) : a.mul(leak);
            p = lo.blend(p, a.compare(VectorOperators.GT, 0f));
        }
        return p;
    }

    static void interaction(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        int i = 0;
        int bound = F.loopBound(len);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; i < bound; i += FL) {
                PanamaSupport.exp(FloatVector.fromArray(F, x, xOff + i).sub(shift)).intoArray(out, outOff + i);
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; i < bound; i += FL) {
                polyF(FloatVector.fromArray(F, x, xOff + i), n, rectify, leak).intoArray(out, outOff + i);
            }
        }
        for (; i < len; i++) {
            out[outOff + i] = scalarF(f, x[xOff + i], shift);
        }
    }

    static void interactionDerivative(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len) {
        int i = 0;
        int bound = F.loopBound(len);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; i < bound; i += FL) {
                PanamaSupport.exp(FloatVector.fromArray(F, x, xOff + i).sub(shift)).intoArray(out, outOff + i);
            }
        } else {
            int n = f.n();
            float fn = n;
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            FloatVector below = FloatVector.broadcast(F, f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f);
            for (; i < bound; i += FL) {
                FloatVector a = FloatVector.fromArray(F, x, xOff + i);
                FloatVector d = pow(a, n - 1).mul(fn);
                if (rectify) {
                    d = below.blend(d, a.compare(VectorOperators.GT, 0f));
                }
                d.intoArray(out, outOff + i);
            }
        }
        for (; i < len; i++) {
            out[outOff + i] = scalarDf(f, x[xOff + i], shift);
        }
    }

    // ---------------------------------------------------------------- Dense Associative Memory

    /**
     * {@code damFlipTerms}: a = c·(m − 2s·x) as one FMA then a multiplication; F(a) as {@link #polyF} (the same
     * bits as {@code interaction}, which gives the shared term) and F'(a) = n·a^(n−1) as in
     * {@code interactionDerivative}; the exponential by {@link PanamaSupport#exp}. One loop per
     * family, as for the fields: a loop holding both C2 compiled with boxed vectors ({@code pow} not inlined).
     */
    static float damFlipTerms(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] column,
                              int colOff, float s, float[] dFlip) {
        int bound = F.loopBound(k);
        float sum = f.kind() == Interaction.Kind.EXPONENTIAL
                ? flipTermsExp(c, overlaps, fShared, bound, column, colOff, s, dFlip)
                : flipTermsPoly(f.n(), f.kind() != Interaction.Kind.POLYNOMIAL,
                        f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f, c, overlaps, fShared, bound,
                        column, colOff, s, dFlip);
        for (int mu = bound; mu < k; mu++) {
            float a = Math.fma(column[colOff + mu], -2f * s, overlaps[mu]) * c;
            dFlip[mu] = flushedDf(f, a);
            sum += fShared[mu] - flushedF(f, a);
        }
        return sum;
    }

    /**
     * |a| below which a training kernel of degree n takes a's powers as 0: 2^(−100/n), so that a^n ≥ 2^−100 and
     * F' = n·a^(n−1) ≥ 2^−100 wherever they are kept. Not only the powers: their products with the loss factor g
     * (the gradient's rank-one coefficients, often 10^-3 and below) and the matrix product over the batch must
     * stay normal too, and with powers down to 16·MIN_NORMAL they did not (n = 20 trained at half the speed of
     * n = 10 on MNIST, from subnormal arithmetic). A contribution below 2^−100 ≈ 8·10^−31 is far below what the
     * per-memory normalised step resolves (its normaliser is floored at 10^−30). 0 below degree
     * {@value #FLUSH_MIN_DEGREE}, where a DAM's arguments give no such powers.
     */
    static float flushBelow(int n) {
        return n < FLUSH_MIN_DEGREE ? 0f : (float) Math.pow(2.0, -100.0 / n);
    }

    /** F(a) and F'(a) of the polynomial family at once, powers of |a| below {@code tiny} taken as 0. */
    private static FloatVector polyDerivative(FloatVector a, FloatVector p, int n, boolean rectify, FloatVector below) {
        FloatVector d = pow(p, n - 1).mul((float) n);
        return rectify ? below.blend(d, a.compare(VectorOperators.GT, 0f)) : d;
    }

    static void damSharedTerms(Interaction f, float c, float[] overlaps, int k, float[] fOut, float[] dOut) {
        int bound = F.loopBound(k);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (int mu = 0; mu < bound; mu += FL) {
                FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, overlaps, mu).mul(c));
                e.intoArray(fOut, mu);
                e.intoArray(dOut, mu);
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            FloatVector below = FloatVector.broadcast(F, leak);
            float tiny = flushBelow(n);
            for (int mu = 0; mu < bound; mu += FL) {
                FloatVector a = FloatVector.fromArray(F, overlaps, mu).mul(c);
                FloatVector p = FloatVector.zero(F).blend(a, a.abs().compare(VectorOperators.GE, tiny));
                polyF(p, n, rectify, leak).blend(a.mul(leak), rectifiedLow(a, rectify)).intoArray(fOut, mu);
                polyDerivative(a, p, n, rectify, below).intoArray(dOut, mu);
            }
        }
        for (int mu = bound; mu < k; mu++) {
            float a = overlaps[mu] * c;
            fOut[mu] = flushedF(f, a);
            dOut[mu] = flushedDf(f, a);
        }
    }

    /** The lanes where the rectified F takes its linear (leak) branch: a ≤ 0 (none for the plain polynomial). */
    private static jdk.incubator.vector.VectorMask<Float> rectifiedLow(FloatVector a, boolean rectify) {
        return rectify ? a.compare(VectorOperators.LE, 0f) : a.compare(VectorOperators.NE, a);
    }

    /** The scalar F with the same flush, for tails. */
    private static float flushedF(Interaction f, float a) {
        if (f.kind() != Interaction.Kind.EXPONENTIAL && Math.abs(a) < flushBelow(f.n())
                && !(f.kind() != Interaction.Kind.POLYNOMIAL && a <= 0f)) {
            return 0f;
        }
        return scalarF(f, a, 0f);
    }

    /** The scalar F' with the same flush, for tails. */
    private static float flushedDf(Interaction f, float a) {
        if (f.kind() != Interaction.Kind.EXPONENTIAL && Math.abs(a) < flushBelow(f.n())
                && !(f.kind() != Interaction.Kind.POLYNOMIAL && a <= 0f)) {
            return 0f;
        }
        return scalarDf(f, a, 0f);
    }

    private static float flipTermsPoly(int n, boolean rectify, float leak, float c, float[] overlaps, float[] fShared,
                                       int bound, float[] column, int colOff, float s, float[] dFlip) {
        FloatVector acc = FloatVector.zero(F);
        FloatVector twoS = FloatVector.broadcast(F, -2f * s);
        FloatVector below = FloatVector.broadcast(F, leak);
        float tiny = flushBelow(n);
        for (int mu = 0; mu < bound; mu += FL) {
            FloatVector a = FloatVector.fromArray(F, column, colOff + mu)
                    .fma(twoS, FloatVector.fromArray(F, overlaps, mu)).mul(c);
            FloatVector p = FloatVector.zero(F).blend(a, a.abs().compare(VectorOperators.GE, tiny));
            FloatVector fa = polyF(p, n, rectify, leak).blend(a.mul(leak), rectifiedLow(a, rectify));
            FloatVector da = polyDerivative(a, p, n, rectify, below);
            da.intoArray(dFlip, mu);
            // one accumulator: the powers above take longer than an add's latency
            acc = acc.add(FloatVector.fromArray(F, fShared, mu).sub(fa));
        }
        return sumLanes(acc);
    }

    private static float flipTermsExp(float c, float[] overlaps, float[] fShared, int bound, float[] column,
                                      int colOff, float s, float[] dFlip) {
        FloatVector acc = FloatVector.zero(F);
        FloatVector twoS = FloatVector.broadcast(F, -2f * s);
        for (int mu = 0; mu < bound; mu += FL) {
            FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, column, colOff + mu)
                    .fma(twoS, FloatVector.fromArray(F, overlaps, mu)).mul(c));
            e.intoArray(dFlip, mu);
            acc = acc.add(FloatVector.fromArray(F, fShared, mu).sub(e));
        }
        return sumLanes(acc);
    }

    /**
     * F(c·(base + x)) − F(c·(base − x)) with base = m − s·x, for the polynomial family: x^n, then (when
     * {@code rectify}) {@code leak·a} where a ≤ 0 (leak 0 gives the rectified polynomial).
     */
    private static FloatVector polyTerm(int n, boolean rectify, float leak, float c, FloatVector m, FloatVector x,
                                        float s) {
        // base = m − s·x as one FMA (exact for the packed ±1 memories and integer overlaps, so the same bits as a
        // multiplication and a subtraction; one rounding instead of two for real-valued memories)
        FloatVector base = x.fma(FloatVector.broadcast(F, -s), m);
        FloatVector a = base.add(x).mul(c);
        FloatVector b = base.sub(x).mul(c);
        return polyF(a, n, rectify, leak).sub(polyF(b, n, rectify, leak));
    }

    /** The same term for the exponential: e^(a − shift) − e^(b − shift). */
    private static FloatVector expTerm(float c, float shift, FloatVector m, FloatVector x, float s) {
        FloatVector base = m.sub(x.mul(s));
        FloatVector a = base.add(x).mul(c).sub(shift);
        FloatVector b = base.sub(x).mul(c).sub(shift);
        return PanamaSupport.exp(a).sub(PanamaSupport.exp(b));
    }

    /** The scalar term, for tails. */
    private static float termScalar(Interaction f, float c, float shift, float m, float x, float s) {
        float base = m - s * x;
        return scalarF(f, c * (base + x), shift) - scalarF(f, c * (base - x), shift);
    }

    // The field loops are split by family (and float / packed memories) so that each compiled loop holds one
    // interaction function only: with all four inlined into one loop C2 ran out of its node budget and fell back
    // to boxed vectors (observed as a 50x slow-down of damField with polynomial n = 10).

    static float fieldFloat(Interaction f, float c, float shift, float[] overlaps, int k, float[] column,
                                    int colOff, float s) {
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(k);
        int mu = 0;
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound; mu += FL) {
                acc = acc.add(expTerm(c, shift, FloatVector.fromArray(F, overlaps, mu),
                        FloatVector.fromArray(F, column, colOff + mu), s));
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; mu < bound; mu += FL) {
                acc = acc.add(polyTerm(n, rectify, leak, c, FloatVector.fromArray(F, overlaps, mu),
                        FloatVector.fromArray(F, column, colOff + mu), s));
            }
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            sum += termScalar(f, c, shift, overlaps[mu], column[colOff + mu], s);
        }
        return sum;
    }

    static float fieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] bits,
                                   int bitOff, float s) {
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(k);
        int mu = 0;
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound; mu += FL) {
                acc = acc.add(expTerm(c, shift, FloatVector.fromArray(F, overlaps, mu),
                        bipolar(bits[bitOff + (mu >>> 6)] >>> (mu & 63)), s));
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; mu < bound; mu += FL) {
                acc = acc.add(polyTerm(n, rectify, leak, c, FloatVector.fromArray(F, overlaps, mu),
                        bipolar(bits[bitOff + (mu >>> 6)] >>> (mu & 63)), s));
            }
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            float x = ((bits[bitOff + (mu >>> 6)] >>> mu) & 1L) != 0 ? 1f : -1f;
            sum += termScalar(f, c, shift, overlaps[mu], x, s);
        }
        return sum;
    }

    /** One of the two loops below; the polynomial one with the flush switch set once per call by the degree. */
    static float damBipolarWeights(Interaction f, float c, float shift, float[] overlaps, int k, float[] weights) {
        return f.kind() == Interaction.Kind.EXPONENTIAL ? bipolarWeightsExp(f, c, shift, overlaps, k, weights)
                : bipolarWeightsPoly(f, c, shift, overlaps, k, weights, f.n() >= FLUSH_MIN_DEGREE);
    }

    // The loops below are kept above C2's FreqInlineSize (325 bytecodes; the exponential one is written out twice
    // per iteration, one accumulator, the same sum): C2 then compiles each on its own and never inlines it into a
    // large caller (the DAM recall loop), where it ran out of node budget now and then and boxed every vector
    // (2 MB allocated per recall, 3x slower; seen as a bimodal benchmark). The polynomial loop evaluates its three
    // powers in one squaring loop: three calls of polyF per iteration, each with its own loops, boxed too (n = 20).

    /**
     * {@link #damBipolarWeights} for the polynomial family: the three powers of an iteration share one squaring
     * loop (the multiplications of {@link #pow}, so the same products as the scalar reference). With
     * {@code flush}, arguments whose power is below {@link #FLUSH_BELOW} are taken as 0: from degree
     * {@link #FLUSH_MIN_DEGREE} on, a DAM has many of them (n = 20, c = 1/784: |h| &lt; 12), and Zen 1 assists
     * every subnormal result in microcode (2.5x slower). Off from the definition by less than {@code FLUSH_BELOW}
     * per power. ({@code flush} is loop-invariant: C2 compiles the loop once with and once without it.)
     */
    private static float bipolarWeightsPoly(Interaction f, float c, float shift, float[] overlaps, int k,
                                            float[] weights, boolean flush) {
        int n = f.n();
        boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
        float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
        int tz = Integer.numberOfTrailingZeros(n);
        int rest = n >>> (tz + 1);
        float tiny = flush ? (float) Math.pow(FLUSH_BELOW, 1.0 / n) : 0f;
        FloatVector zero = FloatVector.zero(F);
        int bound = F.loopBound(k);
        FloatVector acc = FloatVector.zero(F);
        int mu = 0;
        for (; mu < bound; mu += FL) {
            FloatVector h = FloatVector.fromArray(F, overlaps, mu);
            FloatVector xa = h.add(2f).mul(c);
            FloatVector xb = h.sub(2f).mul(c);
            FloatVector x0 = h.mul(c);
            FloatVector ra = xa; // n >= 1 (Interaction checks)
            FloatVector rb = xb;
            FloatVector r0 = x0;
            if (flush) {
                ra = zero.blend(ra, ra.abs().compare(VectorOperators.GE, tiny));
                rb = zero.blend(rb, rb.abs().compare(VectorOperators.GE, tiny));
                r0 = zero.blend(r0, r0.abs().compare(VectorOperators.GE, tiny));
            }
            for (int t = 0; t < tz; t++) {
                ra = ra.mul(ra);
                rb = rb.mul(rb);
                r0 = r0.mul(r0);
            }
            FloatVector ba = ra;
            FloatVector bb = rb;
            FloatVector b0 = r0;
            for (int e = rest; e != 0; e >>>= 1) {
                ba = ba.mul(ba);
                bb = bb.mul(bb);
                b0 = b0.mul(b0);
                if ((e & 1) != 0) {
                    ra = ra.mul(ba);
                    rb = rb.mul(bb);
                    r0 = r0.mul(b0);
                }
            }
            if (rectify) {
                ra = (leak == 0f ? zero : xa.mul(leak)).blend(ra, xa.compare(VectorOperators.GT, 0f));
                rb = (leak == 0f ? zero : xb.mul(leak)).blend(rb, xb.compare(VectorOperators.GT, 0f));
                r0 = (leak == 0f ? zero : x0.mul(leak)).blend(r0, x0.compare(VectorOperators.GT, 0f));
            }
            ra.sub(rb).mul(0.5f).intoArray(weights, mu);
            acc = acc.add(r0.sub(ra.add(rb).mul(0.5f)));
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            float h = overlaps[mu];
            float a = scalarF(f, c * (h + 2f), shift);
            float b = scalarF(f, c * (h - 2f), shift);
            weights[mu] = 0.5f * (a - b);
            sum += scalarF(f, c * h, shift) - 0.5f * (a + b);
        }
        return sum;
    }

    /** Degree from which {@link #damBipolarWeights} takes powers below {@link #FLUSH_BELOW} as 0. */
    private static final int FLUSH_MIN_DEGREE = 6;
    /** 16 · Float.MIN_NORMAL: powers below it are 0 (so the products, halves and differences stay normal). */
    private static final float FLUSH_BELOW = 16 * Float.MIN_NORMAL;

    /** {@link #damBipolarWeights} for the exponential. */
    private static float bipolarWeightsExp(Interaction f, float c, float shift, float[] overlaps, int k,
                                           float[] weights) {
        int bound = F.loopBound(k);
        FloatVector acc = FloatVector.zero(F);
        int mu = 0;
        for (; mu + FL < bound; mu += 2 * FL) {
            {
                FloatVector h = FloatVector.fromArray(F, overlaps, mu);
                FloatVector a = PanamaSupport.exp(h.add(2f).mul(c).sub(shift));
                FloatVector b = PanamaSupport.exp(h.sub(2f).mul(c).sub(shift));
                a.sub(b).mul(0.5f).intoArray(weights, mu);
                acc = acc.add(PanamaSupport.exp(h.mul(c).sub(shift)).sub(a.add(b).mul(0.5f)));
            }
            {
                FloatVector h = FloatVector.fromArray(F, overlaps, mu + FL);
                FloatVector a = PanamaSupport.exp(h.add(2f).mul(c).sub(shift));
                FloatVector b = PanamaSupport.exp(h.sub(2f).mul(c).sub(shift));
                a.sub(b).mul(0.5f).intoArray(weights, mu + FL);
                acc = acc.add(PanamaSupport.exp(h.mul(c).sub(shift)).sub(a.add(b).mul(0.5f)));
            }
        }
        for (; mu < bound; mu += FL) {
            {
                FloatVector h = FloatVector.fromArray(F, overlaps, mu);
                FloatVector a = PanamaSupport.exp(h.add(2f).mul(c).sub(shift));
                FloatVector b = PanamaSupport.exp(h.sub(2f).mul(c).sub(shift));
                a.sub(b).mul(0.5f).intoArray(weights, mu);
                acc = acc.add(PanamaSupport.exp(h.mul(c).sub(shift)).sub(a.add(b).mul(0.5f)));
            }
        }
        float sum = sumLanes(acc);
        for (; mu < k; mu++) {
            float h = overlaps[mu];
            float a = scalarF(f, c * (h + 2f), shift);
            float b = scalarF(f, c * (h - 2f), shift);
            weights[mu] = 0.5f * (a - b);
            sum += scalarF(f, c * h, shift) - 0.5f * (a + b);
        }
        return sum;
    }

    static void damFields(Interaction f, float c, float shift, float[] overlaps, int k, float[] memT, long[] state,
                          int from, int to, float[] out, int outOff) {
        for (int i = from; i < to; i++) {
            float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
            out[outOff + i - from] = fieldFloat(f, c, shift, overlaps, k, memT, i * k, s);
        }
    }

    static void damFieldsBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] memTBits, int kWords,
                              long[] state, int from, int to, float[] out, int outOff) {
        for (int i = from; i < to; i++) {
            float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
            out[outOff + i - from] = fieldBits(f, c, shift, overlaps, k, memTBits, i * kWords, s);
        }
    }

    static void damDerivatives(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                               float s, float[] dPlus, float[] dMinus) {
        int mu = 0;
        int bound = F.loopBound(k);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound; mu += FL) {
                FloatVector x = FloatVector.fromArray(F, column, colOff + mu);
                FloatVector base = FloatVector.fromArray(F, overlaps, mu).sub(x.mul(s));
                PanamaSupport.exp(base.add(x).mul(c).sub(shift)).intoArray(dPlus, mu);
                PanamaSupport.exp(base.sub(x).mul(c).sub(shift)).intoArray(dMinus, mu);
            }
        } else {
            // F'(a) = n·a^(n−1), and below zero 0 (rectified) or the leak (leaky)
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            FloatVector below = FloatVector.broadcast(F, f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f);
            float fn = n;
            for (; mu < bound; mu += FL) {
                FloatVector x = FloatVector.fromArray(F, column, colOff + mu);
                FloatVector base = FloatVector.fromArray(F, overlaps, mu).sub(x.mul(s));
                FloatVector a = base.add(x).mul(c);
                FloatVector b = base.sub(x).mul(c);
                FloatVector da = pow(a, n - 1).mul(fn);
                FloatVector db = pow(b, n - 1).mul(fn);
                if (rectify) {
                    da = below.blend(da, a.compare(VectorOperators.GT, 0f));
                    db = below.blend(db, b.compare(VectorOperators.GT, 0f));
                }
                da.intoArray(dPlus, mu);
                db.intoArray(dMinus, mu);
            }
        }
        for (; mu < k; mu++) {
            float x = column[colOff + mu];
            float base = overlaps[mu] - s * x;
            dPlus[mu] = scalarDf(f, c * (base + x), shift);
            dMinus[mu] = scalarDf(f, c * (base - x), shift);
        }
    }

    static double damEnergy(Interaction f, float c, float shift, float[] overlaps, int k) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int mu = 0;
        int bound2 = k - k % (2 * FL);
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            for (; mu < bound2; mu += 2 * FL) {
                acc0 = acc0.add(PanamaSupport.exp(FloatVector.fromArray(F, overlaps, mu).mul(c).sub(shift)));
                acc1 = acc1.add(PanamaSupport.exp(FloatVector.fromArray(F, overlaps, mu + FL).mul(c).sub(shift)));
            }
        } else {
            int n = f.n();
            boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
            float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
            for (; mu < bound2; mu += 2 * FL) {
                acc0 = acc0.add(polyF(FloatVector.fromArray(F, overlaps, mu).mul(c), n, rectify, leak));
                acc1 = acc1.add(polyF(FloatVector.fromArray(F, overlaps, mu + FL).mul(c), n, rectify, leak));
            }
        }
        double e = -sumLanes(acc0.add(acc1));
        for (; mu < k; mu++) {
            e -= scalarF(f, c * overlaps[mu], shift);
        }
        return e;
    }
}
