package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaBits.bipolar;
import static dev.engram.core.kernel.panama.PanamaKernels.scalarDf;
import static dev.engram.core.kernel.panama.PanamaKernels.scalarF;
import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;

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

    // The powers of the polynomial family are taken in passes over arrays (PanamaPow): each polynomial kernel
    // writes its arguments, raises them, then combines the powers. A vector power held in registers was boxed
    // whenever C2 did not inline it, which depended on what the JVM ran before (see PanamaPow).

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
            // the powers into scratch, so that x is read lane by lane before out is written (out may be x)
            PanamaPow.Scratch z = PanamaPow.scratch(0, bound);
            System.arraycopy(x, xOff, z.sq, 0, bound);
            PanamaPow.powers(z.sq, bound, z.pow, 0, n, null, 0, 0);
            for (; i < bound; i += FL) {
                FloatVector p = FloatVector.fromArray(F, z.pow, i);
                if (rectify) {
                    FloatVector a = FloatVector.fromArray(F, x, xOff + i);
                    p = (leak == 0f ? FloatVector.zero(F) : a.mul(leak)).blend(p, a.compare(VectorOperators.GT, 0f));
                }
                p.intoArray(out, outOff + i);
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
            PanamaPow.Scratch z = PanamaPow.scratch(0, bound);
            System.arraycopy(x, xOff, z.sq, 0, bound);
            PanamaPow.powers(z.sq, bound, z.pow, 0, n - 1, null, 0, 0);
            for (; i < bound; i += FL) {
                FloatVector d = FloatVector.fromArray(F, z.pow, i).mul(fn);
                if (rectify) {
                    d = below.blend(d, FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f));
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
     * {@code damFlipTerms}: a = c·(m − 2s·x) as one FMA then a multiplication; F(a) as {@code damSharedTerms}
     * computes it (the powers by {@link PanamaPow}, so the same bits as the shared term) and F'(a) = n·a^(n−1);
     * the exponential by {@link PanamaSupport#exp}: the block kernel with one neuron.
     */
    static float damFlipTerms(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] column,
                              int colOff, float s, float[] dFlip) {
        PanamaPow.Scratch z = PanamaPow.scratch(0, 0);
        z.oneOff[0] = colOff;
        z.oneSign[0] = s;
        damFlipTermsBlock(f, c, overlaps, fShared, k, column, z.oneOff, z.oneSign, 1, dFlip, 0, z.oneSum, 0);
        return z.oneSum[0];
    }

    /**
     * {@code sum} (the vector part's) plus the scalar tail of a neuron's flipped terms, {@code mu = bound .. k−1},
     * added one by one after it; F' into {@code dFlip[dOff + mu]}.
     */
    private static float flipTail(float sum, Interaction f, float c, float[] overlaps, float[] fShared, int bound,
                                  int k, float[] column, int colOff, float s, float[] dFlip, int dOff) {
        for (int mu = bound; mu < k; mu++) {
            float a = Math.fma(column[colOff + mu], -2f * s, overlaps[mu]) * c;
            dFlip[dOff + mu] = flushedDf(f, a);
            sum += fShared[mu] - flushedF(f, a);
        }
        return sum;
    }

    /**
     * {@code damFlipTermsBlock}: {@link #damFlipTerms} for {@code count} neurons of one state, the same bits as one
     * call per neuron. The polynomial family writes every neuron's arguments into one run and raises the run in one
     * {@link PanamaPow#powers} call (passes of {@code count·k} floats instead of {@code count} calls of {@code k}:
     * the per-pass and per-call costs are paid once per block); each neuron's sum is then taken in the order of
     * {@code damFlipTerms}.
     */
    static void damFlipTermsBlock(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] columns,
                                  int[] colOffs, float[] signs, int count, float[] dFlip, int dOff, float[] sums,
                                  int sumOff) {
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            int bound = F.loopBound(k);
            for (int j = 0; j < count; j++) {
                float sum = flipTermsExp(c, overlaps, fShared, bound, columns, colOffs[j], signs[j], dFlip,
                        dOff + j * k);
                sums[sumOff + j] = flipTail(sum, f, c, overlaps, fShared, bound, k, columns, colOffs[j], signs[j],
                        dFlip, dOff + j * k);
            }
            return;
        }
        flipTermsPolyBlock(f, c, overlaps, fShared, k, columns, colOffs, signs, count, dFlip, dOff, sums, sumOff);
    }

    /**
     * The polynomial family's flipped terms of {@code count} neurons: a = c·(m − 2s·x) as one FMA then a
     * multiplication, every neuron's arguments in one run raised by one {@link PanamaPow#powers} call (F the same
     * bits as {@code damSharedTerms}'s, F'(a) = n·a^(n−1)), then each neuron's sum in index order and its scalar
     * tail. In runs of at most {@value #BLOCK_RUN} floats per array (whole neurons), so that the run's four scratch
     * arrays stay in L1 however many neurons the block has (the classifier's 10 × 128 memories are one run; with
     * every neuron trained, 794 neurons would be 1.6 MB of scratch).
     */
    private static void flipTermsPolyBlock(Interaction f, float c, float[] overlaps, float[] fShared, int k,
                                           float[] columns, int[] colOffs, float[] signs, int count, float[] dFlip,
                                           int dOff, float[] sums, int sumOff) {
        int per = Math.max(1, BLOCK_RUN / Math.max(1, F.loopBound(k)));
        for (int j0 = 0; j0 < count; j0 += per) {
            flipTermsPolyRun(f, c, overlaps, fShared, k, columns, colOffs, signs, j0, Math.min(count, j0 + per),
                    dFlip, dOff, sums, sumOff);
        }
    }

    /** Floats per scratch array of one run of {@link #flipTermsPolyBlock}: four arrays of 6 KB. */
    private static final int BLOCK_RUN = 1536;

    /** Neurons {@code j0 .. j1−1} of {@link #flipTermsPolyBlock} as one run. */
    private static void flipTermsPolyRun(Interaction f, float c, float[] overlaps, float[] fShared, int k,
                                         float[] columns, int[] colOffs, float[] signs, int j0, int j1, float[] dFlip,
                                         int dOff, float[] sums, int sumOff) {
        int bound = F.loopBound(k);
        int n = f.n();
        boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
        float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
        FloatVector below = FloatVector.broadcast(F, leak);
        float tiny = flushBelow(n);
        int run = (j1 - j0) * bound;
        PanamaPow.Scratch z = PanamaPow.scratch(run, run).ensureD(run);
        for (int j = j0; j < j1; j++) {
            FloatVector twoS = FloatVector.broadcast(F, -2f * signs[j]);
            int col = colOffs[j];
            int r0 = (j - j0) * bound;
            for (int mu = 0; mu < bound; mu += FL) {
                FloatVector a = FloatVector.fromArray(F, columns, col + mu)
                        .fma(twoS, FloatVector.fromArray(F, overlaps, mu)).mul(c);
                a.intoArray(z.args, r0 + mu);
                FloatVector.zero(F).blend(a, a.abs().compare(VectorOperators.GE, tiny)).intoArray(z.sq, r0 + mu);
            }
        }
        PanamaPow.powers(z.sq, run, z.pow, 0, n, z.d, 0, n - 1);
        float fn = n;
        for (int j = j0; j < j1; j++) {
            int r0 = (j - j0) * bound;
            int d0 = dOff + j * k;
            FloatVector acc = FloatVector.zero(F);
            for (int mu = 0; mu < bound; mu += FL) {
                FloatVector a = FloatVector.fromArray(F, z.args, r0 + mu);
                FloatVector fa = FloatVector.fromArray(F, z.pow, r0 + mu);
                FloatVector da = FloatVector.fromArray(F, z.d, r0 + mu).mul(fn);
                if (rectify) {
                    fa = fa.blend(a.mul(leak), a.compare(VectorOperators.LE, 0f));   // p^n = 0 where 0 < a < tiny
                    da = below.blend(da, a.compare(VectorOperators.GT, 0f));
                } else {
                    fa = fa.blend(a.mul(leak), a.compare(VectorOperators.NE, a));     // NaN stays NaN
                }
                da.intoArray(dFlip, d0 + mu);
                acc = acc.add(FloatVector.fromArray(F, fShared, mu).sub(fa));
            }
            acc.intoArray(z.sq, 0);
            sums[sumOff + j] = flipTail(sumInOrder(z.sq), f, c, overlaps, fShared, bound, k, columns, colOffs[j],
                    signs[j], dFlip, d0);
        }
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
            PanamaPow.Scratch z = PanamaPow.scratch(bound, bound);
            float[] args = z.args;
            float[] sq = z.sq;
            for (int mu = 0; mu < bound; mu += FL) {
                FloatVector a = FloatVector.fromArray(F, overlaps, mu).mul(c);
                a.intoArray(args, mu);
                FloatVector.zero(F).blend(a, a.abs().compare(VectorOperators.GE, tiny)).intoArray(sq, mu);
            }
            PanamaPow.powers(sq, bound, fOut, 0, n, dOut, 0, n - 1);
            float fn = n;
            for (int mu = 0; mu < bound; mu += FL) {
                FloatVector a = FloatVector.fromArray(F, args, mu);
                FloatVector r = FloatVector.fromArray(F, fOut, mu);
                FloatVector d = FloatVector.fromArray(F, dOut, mu).mul(fn);
                if (rectify) {
                    r = r.blend(a.mul(leak), a.compare(VectorOperators.LE, 0f));   // p^n = 0 where 0 < a < tiny
                    d = below.blend(d, a.compare(VectorOperators.GT, 0f));
                } else {
                    r = r.blend(a.mul(leak), a.compare(VectorOperators.NE, a));      // NaN stays NaN
                }
                r.intoArray(fOut, mu);
                d.intoArray(dOut, mu);
            }
        }
        for (int mu = bound; mu < k; mu++) {
            float a = overlaps[mu] * c;
            fOut[mu] = flushedF(f, a);
            dOut[mu] = flushedDf(f, a);
        }
    }

    /**
     * The first {@code FL} floats of {@code stored} summed in index order: {@link PanamaSupport#sumLanes}'s sum (the
     * same bits) of an accumulator its kernel stored there, so that the vector never crosses a call (the training
     * kernels allocated one boxed accumulator per call where C2 had not inlined {@code sumLanes}: 96 bytes per
     * neuron and item on AVX-512, 48 at 128 bits).
     */
    private static float sumInOrder(float[] stored) {
        float s = 0f;
        for (int l = 0; l < FL; l++) {
            s += stored[l];
        }
        return s;
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

    private static float flipTermsExp(float c, float[] overlaps, float[] fShared, int bound, float[] column,
                                      int colOff, float s, float[] dFlip, int dOff) {
        FloatVector acc = FloatVector.zero(F);
        FloatVector twoS = FloatVector.broadcast(F, -2f * s);
        for (int mu = 0; mu < bound; mu += FL) {
            FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, column, colOff + mu)
                    .fma(twoS, FloatVector.fromArray(F, overlaps, mu)).mul(c));
            e.intoArray(dFlip, dOff + mu);
            acc = acc.add(FloatVector.fromArray(F, fShared, mu).sub(e));
        }
        float[] tmp = PanamaPow.scratch(0, FL).sq;
        acc.intoArray(tmp, 0);
        return sumInOrder(tmp);
    }

    /**
     * Σ F(a) − F(b) over the arguments a field loop wrote (a at mu, b at bound + mu; the lanes summed in order): x^n, then (when the family
     * rectifies) {@code leak·a} where a ≤ 0 (leak 0 gives the rectified polynomial).
     */
    private static float polyTerms(Interaction f, PanamaPow.Scratch z, int bound) {
        int n = f.n();
        boolean rectify = f.kind() != Interaction.Kind.POLYNOMIAL;
        float leak = f.kind() == Interaction.Kind.LEAKY_RECTIFIED ? f.leak() : 0f;
        PanamaPow.powers(z.sq, 2 * bound, z.pow, 0, n, null, 0, 0);
        FloatVector acc = FloatVector.zero(F);
        for (int mu = 0; mu < bound; mu += FL) {
            FloatVector fa = FloatVector.fromArray(F, z.pow, mu);
            FloatVector fb = FloatVector.fromArray(F, z.pow, bound + mu);
            if (rectify) {
                FloatVector a = FloatVector.fromArray(F, z.args, mu);
                FloatVector b = FloatVector.fromArray(F, z.args, bound + mu);
                fa = (leak == 0f ? FloatVector.zero(F) : a.mul(leak)).blend(fa, a.compare(VectorOperators.GT, 0f));
                fb = (leak == 0f ? FloatVector.zero(F) : b.mul(leak)).blend(fb, b.compare(VectorOperators.GT, 0f));
            }
            acc = acc.add(fa.sub(fb));
        }
        acc.intoArray(z.sq, 0);
        return sumInOrder(z.sq);
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
        int bound = F.loopBound(k);
        int mu = 0;
        float sum;
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            FloatVector acc = FloatVector.zero(F);
            for (; mu < bound; mu += FL) {
                acc = acc.add(expTerm(c, shift, FloatVector.fromArray(F, overlaps, mu),
                        FloatVector.fromArray(F, column, colOff + mu), s));
            }
            float[] tmp = PanamaPow.scratch(0, FL).sq;
            acc.intoArray(tmp, 0);
            sum = sumInOrder(tmp);
        } else {
            PanamaPow.Scratch z = PanamaPow.scratch(2 * bound, 2 * bound);
            FloatVector minusS = FloatVector.broadcast(F, -s);
            for (; mu < bound; mu += FL) {
                FloatVector x = FloatVector.fromArray(F, column, colOff + mu);
                // base = m − s·x as one FMA (exact for the packed ±1 memories and integer overlaps, so the same bits
                // as a multiplication and a subtraction; one rounding instead of two for real-valued memories)
                FloatVector base = x.fma(minusS, FloatVector.fromArray(F, overlaps, mu));
                FloatVector a = base.add(x).mul(c);
                FloatVector b = base.sub(x).mul(c);
                a.intoArray(z.args, mu);
                a.intoArray(z.sq, mu);
                b.intoArray(z.args, bound + mu);
                b.intoArray(z.sq, bound + mu);
            }
            sum = polyTerms(f, z, bound);
        }
        for (; mu < k; mu++) {
            sum += termScalar(f, c, shift, overlaps[mu], column[colOff + mu], s);
        }
        return sum;
    }

    static float fieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] bits,
                                   int bitOff, float s) {
        int bound = F.loopBound(k);
        int mu = 0;
        float sum;
        if (f.kind() == Interaction.Kind.EXPONENTIAL) {
            FloatVector acc = FloatVector.zero(F);
            for (; mu < bound; mu += FL) {
                acc = acc.add(expTerm(c, shift, FloatVector.fromArray(F, overlaps, mu),
                        bipolar(bits[bitOff + (mu >>> 6)] >>> (mu & 63)), s));
            }
            float[] tmp = PanamaPow.scratch(0, FL).sq;
            acc.intoArray(tmp, 0);
            sum = sumInOrder(tmp);
        } else {
            PanamaPow.Scratch z = PanamaPow.scratch(2 * bound, 2 * bound);
            FloatVector minusS = FloatVector.broadcast(F, -s);
            for (; mu < bound; mu += FL) {
                FloatVector x = bipolar(bits[bitOff + (mu >>> 6)] >>> (mu & 63));
                FloatVector base = x.fma(minusS, FloatVector.fromArray(F, overlaps, mu));   // exact, as above
                FloatVector a = base.add(x).mul(c);
                FloatVector b = base.sub(x).mul(c);
                a.intoArray(z.args, mu);
                a.intoArray(z.sq, mu);
                b.intoArray(z.args, bound + mu);
                b.intoArray(z.sq, bound + mu);
            }
            sum = polyTerms(f, z, bound);
        }
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
    // (2 MB allocated per recall, 3x slower; seen as a bimodal benchmark). The polynomial one writes its three
    // arguments per iteration and raises them in one set of passes (PanamaPow), then combines them.

    /**
     * {@link #damBipolarWeights} for the polynomial family: the three powers of an iteration are raised together
     * by {@link PanamaPow} (the same products as the scalar reference). With
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
        float tiny = flush ? (float) Math.pow(FLUSH_BELOW, 1.0 / n) : 0f;
        FloatVector zero = FloatVector.zero(F);
        int bound = F.loopBound(k);
        // the three arguments of an iteration at mu, bound + mu and 2·bound + mu, raised in one set of passes
        PanamaPow.Scratch z = PanamaPow.scratch(0, 3 * bound);
        float[] pw = z.pow;
        for (int mu = 0; mu < bound; mu += FL) {
            FloatVector h = FloatVector.fromArray(F, overlaps, mu);
            FloatVector ra = h.add(2f).mul(c); // n >= 1 (Interaction checks)
            FloatVector rb = h.sub(2f).mul(c);
            FloatVector r0 = h.mul(c);
            if (flush) {
                ra = zero.blend(ra, ra.abs().compare(VectorOperators.GE, tiny));
                rb = zero.blend(rb, rb.abs().compare(VectorOperators.GE, tiny));
                r0 = zero.blend(r0, r0.abs().compare(VectorOperators.GE, tiny));
            }
            ra.intoArray(z.sq, mu);
            rb.intoArray(z.sq, bound + mu);
            r0.intoArray(z.sq, 2 * bound + mu);
        }
        PanamaPow.powers(z.sq, 3 * bound, pw, 0, n, null, 0, 0);
        FloatVector acc = FloatVector.zero(F);
        int mu = 0;
        for (; mu < bound; mu += FL) {
            FloatVector h = FloatVector.fromArray(F, overlaps, mu);
            FloatVector ra = FloatVector.fromArray(F, pw, mu);
            FloatVector rb = FloatVector.fromArray(F, pw, bound + mu);
            FloatVector r0 = FloatVector.fromArray(F, pw, 2 * bound + mu);
            if (rectify) {
                FloatVector xa = h.add(2f).mul(c);
                FloatVector xb = h.sub(2f).mul(c);
                FloatVector x0 = h.mul(c);
                ra = (leak == 0f ? zero : xa.mul(leak)).blend(ra, xa.compare(VectorOperators.GT, 0f));
                rb = (leak == 0f ? zero : xb.mul(leak)).blend(rb, xb.compare(VectorOperators.GT, 0f));
                r0 = (leak == 0f ? zero : x0.mul(leak)).blend(r0, x0.compare(VectorOperators.GT, 0f));
            }
            ra.sub(rb).mul(0.5f).intoArray(weights, mu);
            acc = acc.add(r0.sub(ra.add(rb).mul(0.5f)));
        }
        acc.intoArray(z.sq, 0);
        float sum = sumInOrder(z.sq);
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
        float[] tmp = PanamaPow.scratch(0, FL).sq;
        acc.intoArray(tmp, 0);
        float sum = sumInOrder(tmp);
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
            PanamaPow.Scratch z = PanamaPow.scratch(2 * bound, 2 * bound);
            for (; mu < bound; mu += FL) {
                FloatVector x = FloatVector.fromArray(F, column, colOff + mu);
                FloatVector base = FloatVector.fromArray(F, overlaps, mu).sub(x.mul(s));
                FloatVector a = base.add(x).mul(c);
                FloatVector b = base.sub(x).mul(c);
                a.intoArray(z.args, mu);
                a.intoArray(z.sq, mu);
                b.intoArray(z.args, bound + mu);
                b.intoArray(z.sq, bound + mu);
            }
            PanamaPow.powers(z.sq, 2 * bound, z.pow, 0, n - 1, null, 0, 0);
            for (mu = 0; mu < bound; mu += FL) {
                FloatVector da = FloatVector.fromArray(F, z.pow, mu).mul(fn);
                FloatVector db = FloatVector.fromArray(F, z.pow, bound + mu).mul(fn);
                if (rectify) {
                    da = below.blend(da, FloatVector.fromArray(F, z.args, mu).compare(VectorOperators.GT, 0f));
                    db = below.blend(db, FloatVector.fromArray(F, z.args, bound + mu).compare(VectorOperators.GT, 0f));
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
            PanamaPow.Scratch z = PanamaPow.scratch(0, bound2);
            for (int i = 0; i < bound2; i += FL) {
                FloatVector.fromArray(F, overlaps, i).mul(c).intoArray(z.sq, i);
            }
            PanamaPow.powers(z.sq, bound2, z.pow, 0, n, null, 0, 0);
            FloatVector zero = FloatVector.zero(F);
            for (; mu < bound2; mu += 2 * FL) {
                FloatVector p0 = FloatVector.fromArray(F, z.pow, mu);
                FloatVector p1 = FloatVector.fromArray(F, z.pow, mu + FL);
                if (rectify) {
                    FloatVector a0 = FloatVector.fromArray(F, overlaps, mu).mul(c);
                    FloatVector a1 = FloatVector.fromArray(F, overlaps, mu + FL).mul(c);
                    p0 = (leak == 0f ? zero : a0.mul(leak)).blend(p0, a0.compare(VectorOperators.GT, 0f));
                    p1 = (leak == 0f ? zero : a1.mul(leak)).blend(p1, a1.compare(VectorOperators.GT, 0f));
                }
                acc0 = acc0.add(p0);
                acc1 = acc1.add(p1);
            }
        }
        float[] tmp = PanamaPow.scratch(0, FL).sq;
        acc0.add(acc1).intoArray(tmp, 0);
        double e = -sumInOrder(tmp);
        for (; mu < k; mu++) {
            e -= scalarF(f, c * overlaps[mu], shift);
        }
        return e;
    }
}
