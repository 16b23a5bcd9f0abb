package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The interaction-function and Dense Associative Memory Panama kernels ({@code PanamaDam}) against the scalar
 * reference: F and F' lane by lane, fields on float and packed memories (one neuron and batches), the bipolar
 * weights with their regrouped field, derivatives and energy.
 * Tolerances and the lengths: {@link PanamaVsScalarSupport}.
 */
class PanamaDamVsScalarTest extends PanamaVsScalarSupport {

    @Test
    void interactionAndDerivative() {
        SplittableRandom r = new SplittableRandom(6);
        for (Interaction f : INTERACTIONS) {
            for (int n : LENGTHS) {
                float[] x = floats(r, n + 1, -1, 1);
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 0.5f : 0f;
                float[] want = new float[n + 2];
                float[] got = new float[n + 2];
                float[] wantD = new float[n + 2];
                float[] gotD = new float[n + 2];
                SCALAR.interaction(f, shift, x, 1, want, 2, n);
                panama.interaction(f, shift, x, 1, got, 2, n);
                SCALAR.interactionDerivative(f, shift, x, 1, wantD, 2, n);
                panama.interactionDerivative(f, shift, x, 1, gotD, 2, n);
                for (int i = 0; i < n + 2; i++) {
                    close(want[i], got[i], elemTol(f, want[i]), f + " n=" + n + " i=" + i);
                    close(wantD[i], gotD[i], elemTol(f, wantD[i]), f + "' n=" + n + " i=" + i);
                }
            }
        }
    }

    /** Overlaps as the normalised DAM has them: integers in [-N, N] with the parity of N. */
    static float[] overlapValues(SplittableRandom r, int k, int n) {
        float[] m = new float[k];
        for (int i = 0; i < k; i++) {
            m[i] = n - 2 * r.nextInt(n + 1);
        }
        return m;
    }

    /** Σ_μ |F(a_μ)| + |F(b_μ)| in double: the scale of the field's rounding error. */
    static double fieldAbs(Interaction f, float c, float shift, float[] m, int k, float[] col, int off, float s) {
        double abs = 0;
        for (int mu = 0; mu < k; mu++) {
            float x = col[off + mu];
            float base = m[mu] - s * x;
            abs += Math.abs(f.apply(c * (base + x), shift)) + Math.abs(f.apply(c * (base - x), shift));
        }
        return abs;
    }

    static double fieldTol(Interaction f, int k, double abs) {
        double elem = f.kind() == Interaction.Kind.EXPONENTIAL ? EXP_REL : 2 * U;
        return sumBound(k, abs) + elem * abs;
    }

    static float[] bipolarColumn(long[] bits, int off, int k) {
        float[] x = new float[k];
        for (int mu = 0; mu < k; mu++) {
            x[mu] = ((bits[off + (mu >>> 6)] >>> mu) & 1L) != 0 ? 1f : -1f;
        }
        return x;
    }

    /**
     * damFlipTerms: Panama against the scalar kernels (and both against the double-precision definition), and
     * the neuron's field s·Σ(F(c·m) − F(a)) against damField, which computes both arguments.
     */
    @Test
    void damFlipTermsAgreeAndGiveTheField() {
        SplittableRandom r = new SplittableRandom(17);
        int nNeurons = 100;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : KS) {
                float[] m = overlapValues(r, k, nNeurons);
                float[] col = floats(r, k + 3, -1, 1);
                float[] shared = new float[k];
                float[] cm = new float[k];
                for (int mu = 0; mu < k; mu++) {
                    cm[mu] = c * m[mu];
                }
                SCALAR.interaction(f, 0f, cm, 0, shared, 0, k);
                for (float s : new float[] {1f, -1f}) {
                    float[] dS = new float[k];
                    float[] dP = new float[k];
                    float sumS = SCALAR.damFlipTerms(f, c, m, shared, k, col, 3, s, dS);
                    float sumP = panama.damFlipTerms(f, c, m, shared, k, col, 3, s, dP);
                    double abs = fieldAbs(f, c, 0f, m, k, col, 3, s);
                    String what = "damFlipTerms " + f + " k=" + k + " s=" + s;
                    close(sumS, sumP, fieldTol(f, k, abs), what);
                    for (int mu = 0; mu < k; mu++) {
                        close(dS[mu], dP[mu], elemTol(f, dS[mu]) + 4 * U * Math.abs(dS[mu]) * Math.max(1, f.n())
                                + flushTol(f), what + " dFlip " + mu);
                        double a = c * (m[mu] - 2.0 * s * col[3 + mu]);
                        close(f.derivative(a), dP[mu], 1e-4 * Math.abs(f.derivative(a)) + 1e-6, what + " F'(a) " + mu);
                    }
                    // the field of the neuron, as damField computes it from both arguments
                    float field = SCALAR.damField(f, c, 0f, m, k, col, 3, s);
                    close(field, s * sumP, fieldTol(f, k, abs) * 2 + 1e-6, what + " field");
                }
                // the shared terms F(c·m), F'(c·m)
                float[] fP = new float[k];
                float[] dP = new float[k];
                float[] dS = new float[k];
                float[] fSc = new float[k];
                panama.damSharedTerms(f, c, m, k, fP, dP);
                SCALAR.damSharedTerms(f, c, m, k, fSc, dS);
                for (int mu = 0; mu < k; mu++) {
                    close(fSc[mu], fP[mu], elemTol(f, fSc[mu]) + flushTol(f), "damSharedTerms F " + f + " k=" + k);
                    close(dS[mu], dP[mu], elemTol(f, dS[mu]) + 4 * U * Math.abs(dS[mu]) * Math.max(1, f.n())
                            + flushTol(f), "damSharedTerms F' " + f + " k=" + k);
                    close(shared[mu], fSc[mu], 0.0, "damSharedTerms F = interaction " + f);
                }
            }
        }
    }

    /**
     * damFlipTermsBlock gives the bits of one damFlipTerms call per neuron, on both backends: odd sizes (vector
     * tails), one to eleven neurons at scattered column offsets, both signs, a dFlip offset, and guard values
     * around the outputs that must stay untouched.
     */
    @Test
    void damFlipTermsBlockGivesTheBitsOfOneCallPerNeuron() {
        SplittableRandom r = new SplittableRandom(29);
        int nNeurons = 90;
        float c = 1f / nNeurons;
        // 700: a block of several runs of two neurons each in the Panama kernel (runs of at most 1536 floats)
        int[] ks = Arrays.copyOf(KS, KS.length + 1);
        ks[KS.length] = 700;
        for (Kernels kern : new Kernels[] {SCALAR, panama}) {
            for (Interaction f : INTERACTIONS) {
                for (int k : ks) {
                    float[] m = overlapValues(r, k, nNeurons);
                    float[] shared = new float[k];
                    float[] dummy = new float[k];
                    kern.damSharedTerms(f, c, m, k, shared, dummy);
                    int count = 1 + r.nextInt(11);
                    float[] cols = floats(r, 13 * k + 5, -1, 1);
                    int[] offs = new int[count];
                    float[] signs = new float[count];
                    for (int j = 0; j < count; j++) {
                        offs[j] = r.nextInt(12 * k + 5);
                        signs[j] = r.nextBoolean() ? 1f : -1f;
                    }
                    int dOff = 3;
                    float[] d = new float[dOff + count * k + 2];
                    float[] sums = new float[count + 3];
                    Arrays.fill(d, 7f);
                    Arrays.fill(sums, 7f);
                    kern.damFlipTermsBlock(f, c, m, shared, k, cols, offs, signs, count, d, dOff, sums, 1);
                    String what = kern.name() + " damFlipTermsBlock " + f + " k=" + k + " count=" + count;
                    for (int j = 0; j < count; j++) {
                        float[] one = new float[k];
                        float sum = kern.damFlipTerms(f, c, m, shared, k, cols, offs[j], signs[j], one);
                        assertEquals(Float.floatToRawIntBits(sum), Float.floatToRawIntBits(sums[1 + j]),
                                what + " sum of neuron " + j);
                        for (int mu = 0; mu < k; mu++) {
                            assertEquals(Float.floatToRawIntBits(one[mu]),
                                    Float.floatToRawIntBits(d[dOff + j * k + mu]), what + " neuron " + j + " mu " + mu);
                        }
                    }
                    for (int i = 0; i < dOff; i++) {
                        assertEquals(7f, d[i], what + " wrote before dOff");
                    }
                    assertEquals(7f, d[dOff + count * k], what + " wrote past the block");
                    assertEquals(7f, sums[0], what + " wrote before sumOff");
                    assertEquals(7f, sums[count + 1], what + " wrote past the sums");
                }
            }
        }
    }

    /**
     * What Panama's training kernels may flush: from degree 6 powers of an |a| below t = 2^(−100/n) are 0, so F'
     * (n·a^(n−1)) may be 0 where the reference has up to n·t^(n−1), and F up to t^n.
     */
    static double flushTol(Interaction f) {
        if (f.kind() == Interaction.Kind.EXPONENTIAL || f.n() < 6) {
            return 0;
        }
        double t = Math.pow(2, -100.0 / f.n());
        return 2 * f.n() * Math.pow(t, f.n() - 1);
    }

    @Test
    void damFieldSingleNeuronFloatAndBits() {
        SplittableRandom r = new SplittableRandom(7);
        int nNeurons = 100;
        for (Interaction f : INTERACTIONS) {
            // normalised form c = 1/N (arguments in about [-1, 1]); Krotov's form c = 1 for low degrees
            float[] cs = f.kind() != Interaction.Kind.EXPONENTIAL && f.n() <= 3 ? new float[] {1f / nNeurons, 1f}
                    : new float[] {1f / nNeurons};
            for (float c : cs) {
                for (int k : KS) {
                    int overlapN = c == 1f ? 10 : nNeurons - 2;
                    float[] m = overlapValues(r, k, overlapN);
                    float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                    long[] bits = packed(r, 2, 1, k);
                    float[] colB = bipolarColumn(bits, 2, k);
                    float[] col = new float[k + 3];
                    System.arraycopy(colB, 0, col, 3, k);
                    for (float s : new float[] {1f, -1f}) {
                        String what = f + " c=" + c + " k=" + k + " s=" + s;
                        double tol = fieldTol(f, k, fieldAbs(f, c, shift, m, k, col, 3, s));
                        float want = SCALAR.damField(f, c, shift, m, k, col, 3, s);
                        close(want, panama.damField(f, c, shift, m, k, col, 3, s), tol, "damField " + what);
                        close(want, SCALAR.damFieldBits(f, c, shift, m, k, bits, 2, s), tol, "scalar bits " + what);
                        close(want, panama.damFieldBits(f, c, shift, m, k, bits, 2, s), tol, "damFieldBits " + what);
                    }
                }
            }
        }
    }

    @Test
    void damFieldsBatchFloatAndBits() {
        SplittableRandom r = new SplittableRandom(8);
        int nNeurons = 70;
        int from = 3;
        int to = 67;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : new int[] {1, 17, 64, 65, 100, 1021}) {
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] m = overlapValues(r, k, nNeurons);
                int kWords = (k + 63) >>> 6;
                long[] memTBits = packed(r, 0, nNeurons, k);
                float[] memT = new float[nNeurons * k];
                for (int i = 0; i < nNeurons; i++) {
                    System.arraycopy(bipolarColumn(memTBits, i * kWords, k), 0, memT, i * k, k);
                }
                long[] state = packed(r, 0, 1, nNeurons);
                float[] want = new float[to - from + 2];
                float[] got = new float[to - from + 2];
                float[] gotB = new float[to - from + 2];
                SCALAR.damFields(f, c, shift, m, k, memT, state, from, to, want, 1);
                panama.damFields(f, c, shift, m, k, memT, state, from, to, got, 1);
                panama.damFieldsBits(f, c, shift, m, k, memTBits, kWords, state, from, to, gotB, 1);
                assertEquals(0f, got[0]);
                assertEquals(0f, got[to - from + 1]);
                assertEquals(0f, gotB[0]);
                for (int i = from; i < to; i++) {
                    float s = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
                    double tol = fieldTol(f, k, fieldAbs(f, c, shift, m, k, memT, i * k, s));
                    close(want[1 + i - from], got[1 + i - from], tol, "damFields " + f + " k=" + k + " i=" + i);
                    close(want[1 + i - from], gotB[1 + i - from], tol, "damFieldsBits " + f + " k=" + k + " i=" + i);
                }
            }
        }
    }

    @Test
    void damBipolarWeights() {
        SplittableRandom r = new SplittableRandom(13);
        int nNeurons = 100;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : KS) {
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] m = overlapValues(r, k, nNeurons);
                float[] want = new float[k];
                float[] got = new float[k];
                float cw = SCALAR.damBipolarWeights(f, c, shift, m, k, want);
                float cg = panama.damBipolarWeights(f, c, shift, m, k, got);
                double abs = 0;
                for (int mu = 0; mu < k; mu++) {
                    // F values under 16 MIN_NORMAL may be taken as 0 (Kernels#damBipolarWeights)
                    close(want[mu], got[mu], elemTol(f, Math.abs(f.apply(c * (m[mu] + 2f), shift))
                            + Math.abs(f.apply(c * (m[mu] - 2f), shift))) + 16 * Float.MIN_NORMAL,
                            "weight " + f + " k=" + k + " mu=" + mu);
                    abs += Math.abs(f.apply(c * m[mu], shift)) + Math.abs(f.apply(c * (m[mu] + 2f), shift))
                            + Math.abs(f.apply(c * (m[mu] - 2f), shift));
                }
                close(cw, cg, fieldTol(f, k, abs) + 3 * k * 16 * Float.MIN_NORMAL, "constant " + f + " k=" + k);
                // the regrouped field: Σ ξ_μ W_μ + s C equals damFieldBits
                long[] bits = packed(r, 0, 1, k);
                float[] xi = bipolarColumn(bits, 0, k);
                for (float s : new float[] {1f, -1f}) {
                    double field = s * (double) cw;
                    for (int mu = 0; mu < k; mu++) {
                        field += xi[mu] * (double) want[mu];
                    }
                    double tol = fieldTol(f, k, abs) + fieldTol(f, k, fieldAbs(f, c, shift, m, k, xi, 0, s));
                    close(SCALAR.damFieldBits(f, c, shift, m, k, bits, 0, s), field, tol, "identity " + f + " k=" + k);
                }
            }
        }
    }

    @Test
    void damDerivativesAndEnergy() {
        SplittableRandom r = new SplittableRandom(9);
        int nNeurons = 100;
        float c = 1f / nNeurons;
        for (Interaction f : INTERACTIONS) {
            for (int k : KS) {
                float shift = f.kind() == Interaction.Kind.EXPONENTIAL ? 1f : 0f;
                float[] m = overlapValues(r, k, nNeurons - 2);
                long[] bits = packed(r, 0, 1, k);
                float[] col = new float[k + 2];
                System.arraycopy(bipolarColumn(bits, 0, k), 0, col, 2, k);
                for (float s : new float[] {1f, -1f}) {
                    float[] wp = new float[k];
                    float[] wm = new float[k];
                    float[] gp = new float[k];
                    float[] gm = new float[k];
                    SCALAR.damDerivatives(f, c, shift, m, k, col, 2, s, wp, wm);
                    panama.damDerivatives(f, c, shift, m, k, col, 2, s, gp, gm);
                    for (int mu = 0; mu < k; mu++) {
                        close(wp[mu], gp[mu], elemTol(f, wp[mu]), "dPlus " + f + " k=" + k + " mu=" + mu);
                        close(wm[mu], gm[mu], elemTol(f, wm[mu]), "dMinus " + f + " k=" + k + " mu=" + mu);
                    }
                }
                double abs = 0;
                for (int mu = 0; mu < k; mu++) {
                    abs += Math.abs(f.apply(c * m[mu], shift));
                }
                close(SCALAR.damEnergy(f, c, shift, m, k), panama.damEnergy(f, c, shift, m, k), fieldTol(f, k, abs),
                        "damEnergy " + f + " k=" + k);
            }
        }
    }
}
