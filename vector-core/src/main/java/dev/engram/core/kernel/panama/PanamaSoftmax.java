package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaBits.BIPOLAR_TABLE;
import static dev.engram.core.kernel.panama.PanamaLinear.dotVec;
import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.sumLanes;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The softmax kernels of {@link PanamaKernels}: softmax, log-sum-exp, the modern Hopfield update
 * {@code softmaxCombine} on float rows, and the dense steps of the inherited {@code softmaxCombineBits} on packed
 * ±1 rows. A method named after a {@code Kernels} (or {@code ScalarKernels}) operation is its vector path:
 * {@link PanamaKernels} sends inputs too short for it to the scalar reference.
 */
final class PanamaSoftmax {
    private PanamaSoftmax() {
    }

    // ---------------------------------------------------------------- softmax

    /** max_i beta·x_i. */
    private static float maxScaled(float beta, float[] x, int xOff, int len) {
        FloatVector mx0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        FloatVector mx1 = mx0;
        int i = 0;
        int bound2 = len - len % (2 * FL);
        for (; i < bound2; i += 2 * FL) {
            mx0 = mx0.max(FloatVector.fromArray(F, x, xOff + i).mul(beta));
            mx1 = mx1.max(FloatVector.fromArray(F, x, xOff + i + FL).mul(beta));
        }
        float max = mx0.max(mx1).reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            max = Math.max(max, beta * x[xOff + i]);
        }
        return max;
    }

    /**
     * The exponentials first (one {@link PanamaSupport#exp} per loop iteration), then their sum in two
     * accumulators (even and odd vectors) read back from {@code out}: the same values added in the same order as
     * when both were in one loop, where two inlined {@code exp} bodies per iteration left C2 boxing the vectors
     * (0.7 KB a call at len = 100 on 16 lanes).
     */
    static float softmax(float beta, float[] x, int xOff, float[] out, int outOff, int len) {
        float max = maxScaled(beta, x, xOff, len);
        int i = 0;
        int bound2 = len - len % (2 * FL);
        for (; i < bound2; i += FL) {
            PanamaSupport.exp(FloatVector.fromArray(F, x, xOff + i).mul(beta).sub(max)).intoArray(out, outOff + i);
        }
        float sum = pairSum(out, outOff, bound2);
        for (; i < len; i++) {
            float e = (float) Math.exp(beta * x[xOff + i] - max);
            out[outOff + i] = e;
            sum += e;
        }
        PanamaKernels.INSTANCE.scale(1f / sum, out, outOff, len);
        return max + (float) Math.log(sum);
    }

    /** Σ of {@code v[off .. off + bound2)} (bound2 a multiple of 2·FL) as even and odd vectors, then their lanes. */
    private static float pairSum(float[] v, int off, int bound2) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int i = 0; i < bound2; i += 2 * FL) {
            acc0 = acc0.add(FloatVector.fromArray(F, v, off + i));
            acc1 = acc1.add(FloatVector.fromArray(F, v, off + i + FL));
        }
        float[] lanes = PanamaSupport.LANES.get();
        acc0.add(acc1).intoArray(lanes, 0);
        return PanamaSupport.storedLaneSum(lanes, 0);
    }

    /** Per-thread exponentials of {@link #logSumExp} (grows to the longest input, never shrinks). */
    private static final ThreadLocal<float[][]> LSE_SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** As {@link #softmax}: the exponentials into a per-thread scratch first, then the same sum. */
    static float logSumExp(float beta, float[] x, int xOff, int len) {
        float max = maxScaled(beta, x, xOff, len);
        int i = 0;
        int bound2 = len - len % (2 * FL);
        float[][] holder = LSE_SCRATCH.get();
        if (holder[0].length < bound2) {
            holder[0] = new float[bound2];
        }
        float[] e = holder[0];
        for (; i < bound2; i += FL) {
            PanamaSupport.exp(FloatVector.fromArray(F, x, xOff + i).mul(beta).sub(max)).intoArray(e, i);
        }
        float sum = pairSum(e, 0, bound2);
        for (; i < len; i++) {
            sum += (float) Math.exp(beta * x[xOff + i] - max);
        }
        return max + (float) Math.log(sum);
    }

    // ---------------------------------------------------------------- modern Hopfield update

    /** Most rows per block of {@link #softmaxCombine}. */
    private static final int COMBINE_BLOCK = 128;
    /**
     * Per-thread block scores for {@link #softmaxCombine}, then the block's lane accumulators (FL per row): no
     * allocation after the first call on a thread.
     */
    private static final ThreadLocal<float[]> COMBINE_SCRATCH =
            ThreadLocal.withInitial(() -> new float[COMBINE_BLOCK * (FL + 1)]);

    /**
     * One pass in blocks of B rows (B·n ≤ 4096 floats or B = 8, so a block stays in L1 between its two uses): the
     * block's scores four rows at a time (one load of {@code x} per four rows), their maximum, one rescale of the accumulator when the running maximum
     * rises (rare after the first blocks), the block's weights with the vector {@code EXP}, then the weighted
     * rows added four at a time with one load and store of the accumulator.
     */
    static float softmaxCombine(float beta, float[] mem, int memOff, int k, int n, float[] x, int xOff, float[] out,
                                int outOff) {
        float[] sc = COMBINE_SCRATCH.get();
        int block = Math.max(8, Math.min(COMBINE_BLOCK, 4096 / n));
        java.util.Arrays.fill(out, outOff, outOff + n, 0f);
        float max = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int r0 = 0; r0 < k; r0 += block) {
            int rows = Math.min(block, k - r0);
            int base = memOff + r0 * n;
            blockScores(mem, base, rows, n, x, xOff, sc, COMBINE_BLOCK);
            float bm = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < rows; j++) {
                float v = sc[j] * beta;
                sc[j] = v;
                bm = Math.max(bm, v);
            }
            if (bm > max) {
                if (sum > 0f) {
                    float f = (float) Math.exp(max - bm);
                    PanamaKernels.INSTANCE.scale(f, out, outOff, n);
                    sum *= f;
                }
                max = bm;
            }
            sum = expShiftAdd(sc, 0, rows, max, sum);
            addWeightedRows(mem, base, rows, n, sc, out, outOff);
        }
        PanamaKernels.INSTANCE.scale(1f / sum, out, outOff, n);
        return max + (float) Math.log(sum);
    }

    /**
     * {@code out += Σ_q w_q·mem_q} over the block's rows, four rows per load and store of the accumulator. Its own
     * method, like the block's scores and exponentials: in one large method C2 left the Vector API calls of the
     * block's loops un-inlined, so every vector was an object (48 bytes per row at N = 1024 on 8 lanes, 3 bytes
     * per row at N = 128 on 16).
     */
    private static void addWeightedRows(float[] mem, int base, int rows, int n, float[] w, float[] out, int outOff) {
        int vb = F.loopBound(n);
        int q = 0;
        for (; q + 3 < rows; q += 4) {
            int b0 = base + q * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            float w0 = w[q];
            float w1 = w[q + 1];
            float w2 = w[q + 2];
            float w3 = w[q + 3];
            FloatVector v0 = FloatVector.broadcast(F, w0);
            FloatVector v1 = FloatVector.broadcast(F, w1);
            FloatVector v2 = FloatVector.broadcast(F, w2);
            FloatVector v3 = FloatVector.broadcast(F, w3);
            int i = 0;
            for (; i < vb; i += FL) {
                FloatVector acc = FloatVector.fromArray(F, out, outOff + i);
                acc = FloatVector.fromArray(F, mem, b0 + i).fma(v0, acc);
                acc = FloatVector.fromArray(F, mem, b1 + i).fma(v1, acc);
                acc = FloatVector.fromArray(F, mem, b2 + i).fma(v2, acc);
                acc = FloatVector.fromArray(F, mem, b3 + i).fma(v3, acc);
                acc.intoArray(out, outOff + i);
            }
            for (; i < n; i++) {
                out[outOff + i] += w0 * mem[b0 + i] + w1 * mem[b1 + i] + w2 * mem[b2 + i] + w3 * mem[b3 + i];
            }
        }
        for (; q < rows; q++) {
            PanamaKernels.INSTANCE.axpy(w[q], mem, base + q * n, out, outOff, n);
        }
    }

    /**
     * {@code sc[j] = mem_j·x} for {@code rows} rows from {@code base}, four rows sharing each load of x. The lane
     * sums are those of {@link PanamaSupport#sumLanes} (lane 0 first, one after the other), but over the stored
     * accumulators of the whole block: extracting the lanes of each vector in registers cost more than the FMAs
     * at small n (75 % of a step at N = 128 with 16 lanes), while the block's independent sums from memory
     * overlap. Same additions in the same order, so the same bits.
     */
    private static void blockScores(float[] mem, int base, int rows, int n, float[] x, int xOff, float[] sc,
                                    int lanesOff) {
        int vb = F.loopBound(n);
        int groups = rows & ~3;
        for (int q = 0; q < groups; q += 4) {
            int b0 = base + q * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            for (int i = 0; i < vb; i += FL) {
                FloatVector xv = FloatVector.fromArray(F, x, xOff + i);
                a0 = FloatVector.fromArray(F, mem, b0 + i).fma(xv, a0);
                a1 = FloatVector.fromArray(F, mem, b1 + i).fma(xv, a1);
                a2 = FloatVector.fromArray(F, mem, b2 + i).fma(xv, a2);
                a3 = FloatVector.fromArray(F, mem, b3 + i).fma(xv, a3);
            }
            a0.intoArray(sc, lanesOff + q * FL);
            a1.intoArray(sc, lanesOff + (q + 1) * FL);
            a2.intoArray(sc, lanesOff + (q + 2) * FL);
            a3.intoArray(sc, lanesOff + (q + 3) * FL);
        }
        for (int q = 0; q < groups; q++) {
            float d = PanamaSupport.storedLaneSum(sc, lanesOff + q * FL);
            int b = base + q * n;
            for (int i = vb; i < n; i++) {
                d += mem[b + i] * x[xOff + i];
            }
            sc[q] = d;
        }
        for (int q = groups; q < rows; q++) {
            sc[q] = dotVec(mem, base + q * n, x, xOff, n);
        }
    }

    // ---------------------------------------------------------------- modern Hopfield update, packed ±1 rows
    // softmaxCombineBits is the inherited table algorithm (its lookups and histogram adds are scalar by nature:
    // a gather is slow on AVX2 parts); the three dense steps around them are vectorised here.

    /**
     * The doubling steps of the bit tables with {@code h ≥ FL} as vector adds: the same additions, so the same
     * bits as the scalar loop.
     */
    static void doubleTable(float[] t, int base, int h, float d) {
        for (int v = 0; v < h; v += FL) {
            FloatVector.fromArray(F, t, base + v).add(d).intoArray(t, base + h + v);
        }
    }

    static float expShiftSum(float[] sc, int off, int len, float max) {
        return expShiftAdd(sc, off, len, max, 0f);
    }

    /**
     * {@code sc[i] = e^(sc[i] − max)} for {@code len} values from {@code off}; returns {@code sum} plus the vector
     * part's lane sum, then plus each value of the tail in turn ({@code sum = 0} gives {@link #expShiftSum} to the
     * bit: 0 + a non-negative lane sum is that sum). The lanes go through memory, not {@code sumLanes(acc)}: with 8
     * lanes C2 boxed acc for that call (64 bytes per 2048-row block of a noisy single probe).
     */
    static float expShiftAdd(float[] sc, int off, int len, float max, float sum) {
        int bound = F.loopBound(len);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += FL) {
            FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, sc, off + i).sub(max));
            e.intoArray(sc, off + i);
            acc = acc.add(e);
        }
        float[] lanes = PanamaSupport.LANES.get();
        acc.intoArray(lanes, 0);
        sum += PanamaSupport.storedLaneSum(lanes, 0);
        for (; i < len; i++) {
            float e = (float) Math.exp(sc[off + i] - max);
            sc[off + i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * Whether the packed-row update accumulates {@code Σ_q w_q ξ_q} directly in 8- or 16-lane vectors instead of the
     * byte histogram (16 lanes: {@link #bitScatter16}): with 8-lane floats each byte of a row is one vector of ±1
     * ({@link PanamaBits#BIPOLAR_TABLE}), so a row costs one table load and one FMA per 8 neurons, with the
     * accumulators of 64 neurons kept in registers over all the block's rows, where the scalar histogram costs
     * one dependent load-add-store per byte (about 1.2 ns on Zen 1). The accumulators live in the histogram's place ({@code h[hOff + c]}, c < 8·nb), so
     * the caller's zeroing and rescaling apply to them unchanged; {@link #foldBitHistogram} then only scales.
     */
    static final boolean DIRECT_BIT_SUMS = FL == 8 || FL == 16;

    /**
     * Whether a float probe against packed ±1 rows (a noisy ±1 cue: not ternary) is scored as {@code Σ_i x_i·(±1)_i}
     * with the rows' ±1 lanes ({@link PanamaBits#bipolar}) and FMAs, 4 rows sharing each load of x, instead of the
     * scalar byte tables (one lookup and add per 8 components, about 2.3 cycles each on Zen 4). Other float
     * rounding than the tables (both within the tested tolerance of the exact scores).
     */
    static final boolean VECTOR_PROBE_SCORES = FL == 8 || FL == 16;

    /**
     * {@code sc[scOff + q] = beta · Σ_i xp_i·(bit i of row q ? 1 : −1)} for {@code rows} packed rows from
     * {@code base}, xp the probe zero-padded to {@code 64·words}; returns the maximum. Lanes summed in index order
     * from stored accumulators (see {@link #blockScores}).
     */
    static float probeScores(float beta, long[] mem, int base, int rows, int words, float[] xp, float[] sc,
                             int scOff) {
        float[] lanes = PanamaSupport.LANES.get();
        int per = 64 / FL;
        float bm = Float.NEGATIVE_INFINITY;
        int q = 0;
        for (; q + 3 < rows; q += 4) {
            int r0 = base + q * words;
            int r1 = r0 + words;
            int r2 = r1 + words;
            int r3 = r2 + words;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            for (int w = 0; w < words; w++) {
                long b0 = mem[r0 + w];
                long b1 = mem[r1 + w];
                long b2 = mem[r2 + w];
                long b3 = mem[r3 + w];
                int xo = w << 6;
                for (int v = 0; v < per; v++) {
                    FloatVector xv = FloatVector.fromArray(F, xp, xo + v * FL);
                    int sh = v * FL;
                    a0 = PanamaBits.bipolar(b0 >>> sh).fma(xv, a0);
                    a1 = PanamaBits.bipolar(b1 >>> sh).fma(xv, a1);
                    a2 = PanamaBits.bipolar(b2 >>> sh).fma(xv, a2);
                    a3 = PanamaBits.bipolar(b3 >>> sh).fma(xv, a3);
                }
            }
            a0.intoArray(lanes, 0);
            a1.intoArray(lanes, FL);
            a2.intoArray(lanes, 2 * FL);
            a3.intoArray(lanes, 3 * FL);
            for (int j = 0; j < 4; j++) {
                float v = beta * PanamaSupport.storedLaneSum(lanes, j * FL);
                sc[scOff + q + j] = v;
                bm = Math.max(bm, v);
            }
        }
        for (; q < rows; q++) {
            int r = base + q * words;
            FloatVector a = FloatVector.zero(F);
            for (int w = 0; w < words; w++) {
                long b = mem[r + w];
                for (int v = 0; v < per; v++) {
                    a = PanamaBits.bipolar(b >>> (v * FL)).fma(FloatVector.fromArray(F, xp, (w << 6) + v * FL), a);
                }
            }
            a.intoArray(lanes, 0);
            float v = beta * PanamaSupport.storedLaneSum(lanes, 0);
            sc[scOff + q] = v;
            bm = Math.max(bm, v);
        }
        return bm;
    }

    /** The scatter step with {@link #DIRECT_BIT_SUMS} (PanamaKernels uses the scalar histogram otherwise). */
    static void bitScatter(long[] mem, int base, int[] idx, int rows, int words, int nb, float[] w, int wOff,
                           float[] h, int hOff) {
        if (FL == 16) {
            bitScatter16(mem, base, idx, rows, words, nb, w, wOff, h, hOff);
            return;
        }
        for (int word = 0; word < words; word++) {
            int chunks = Math.min(8, nb - (word << 3));
            if (chunks == 8) {
                directSums8(mem, base + word, idx, rows, words, w, wOff, h, hOff + (word << 6));
            } else {
                for (int q = 0; q < rows; q++) {
                    long b = mem[base + word + (idx == null ? q : idx[q]) * words];
                    FloatVector wq = FloatVector.broadcast(F, w[wOff + q]);
                    for (int j = 0; j < chunks; j++) {
                        int o = hOff + (word << 6) + (j << 3);
                        FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> (j << 3)) & 255) << 3)
                                .fma(wq, FloatVector.fromArray(F, h, o)).intoArray(h, o);
                    }
                }
            }
        }
    }

    /**
     * The direct sums with 16-lane floats (AVX-512): the ±1 lanes of 16 bits are one mask and blend
     * ({@link PanamaBits#bipolar}), so a row costs four FMAs per word; two words (128 neurons, eight accumulators)
     * per pass over the block's rows, which halves the passes over the rows' cache lines. Issue 20: on a Xeon with
     * AVX-512 the scalar byte histogram this replaces took about 120 of 130 µs of a ternary step at N = 1024,
     * K = 1000 (one load-add-store per byte of every row).
     */
    private static void bitScatter16(long[] mem, int base, int[] idx, int rows, int words, int nb, float[] w,
                                     int wOff, float[] h, int hOff) {
        int word = 0;
        while (word < words) {
            int chunks = Math.min(8, nb - (word << 3));
            if (chunks == 8 && word + 1 < words && nb - ((word + 1) << 3) >= 8) {
                directSums16x2(mem, base + word, idx, rows, words, w, wOff, h, hOff + (word << 6));
                word += 2;
                continue;
            }
            int vecs = (chunks * 8 + 15) >>> 4;
            for (int q = 0; q < rows; q++) {
                long b = mem[base + word + (idx == null ? q : idx[q]) * words];
                FloatVector wq = FloatVector.broadcast(F, w[wOff + q]);
                for (int v = 0; v < vecs; v++) {
                    int o = hOff + (word << 6) + (v << 4);
                    PanamaBits.bipolar(b >>> (v << 4)).fma(wq, FloatVector.fromArray(F, h, o)).intoArray(h, o);
                }
            }
            word++;
        }
    }

    /** 128 neurons (two words of every row) in eight 16-lane accumulators over all rows. */
    private static void directSums16x2(long[] mem, int first, int[] idx, int rows, int words, float[] w, int wOff,
                                       float[] h, int o) {
        FloatVector a0 = FloatVector.fromArray(F, h, o);
        FloatVector a1 = FloatVector.fromArray(F, h, o + 16);
        FloatVector a2 = FloatVector.fromArray(F, h, o + 32);
        FloatVector a3 = FloatVector.fromArray(F, h, o + 48);
        FloatVector a4 = FloatVector.fromArray(F, h, o + 64);
        FloatVector a5 = FloatVector.fromArray(F, h, o + 80);
        FloatVector a6 = FloatVector.fromArray(F, h, o + 96);
        FloatVector a7 = FloatVector.fromArray(F, h, o + 112);
        for (int q = 0; q < rows; q++) {
            int row = first + (idx == null ? q : idx[q]) * words;
            long b = mem[row];
            long c = mem[row + 1];
            FloatVector wq = FloatVector.broadcast(F, w[wOff + q]);
            a0 = PanamaBits.bipolar(b).fma(wq, a0);
            a1 = PanamaBits.bipolar(b >>> 16).fma(wq, a1);
            a2 = PanamaBits.bipolar(b >>> 32).fma(wq, a2);
            a3 = PanamaBits.bipolar(b >>> 48).fma(wq, a3);
            a4 = PanamaBits.bipolar(c).fma(wq, a4);
            a5 = PanamaBits.bipolar(c >>> 16).fma(wq, a5);
            a6 = PanamaBits.bipolar(c >>> 32).fma(wq, a6);
            a7 = PanamaBits.bipolar(c >>> 48).fma(wq, a7);
        }
        a0.intoArray(h, o);
        a1.intoArray(h, o + 16);
        a2.intoArray(h, o + 32);
        a3.intoArray(h, o + 48);
        a4.intoArray(h, o + 64);
        a5.intoArray(h, o + 80);
        a6.intoArray(h, o + 96);
        a7.intoArray(h, o + 112);
    }

    /** 64 neurons (one word of every row) in eight register accumulators over all rows. */
    private static void directSums8(long[] mem, int first, int[] idx, int rows, int words, float[] w, int wOff,
                                    float[] h, int o) {
        FloatVector a0 = FloatVector.fromArray(F, h, o);
        FloatVector a1 = FloatVector.fromArray(F, h, o + 8);
        FloatVector a2 = FloatVector.fromArray(F, h, o + 16);
        FloatVector a3 = FloatVector.fromArray(F, h, o + 24);
        FloatVector a4 = FloatVector.fromArray(F, h, o + 32);
        FloatVector a5 = FloatVector.fromArray(F, h, o + 40);
        FloatVector a6 = FloatVector.fromArray(F, h, o + 48);
        FloatVector a7 = FloatVector.fromArray(F, h, o + 56);
        for (int q = 0; q < rows; q++) {
            long b = mem[first + (idx == null ? q : idx[q]) * words];
            FloatVector wq = FloatVector.broadcast(F, w[wOff + q]);
            a0 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) (b & 255) << 3).fma(wq, a0);
            a1 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 8) & 255) << 3).fma(wq, a1);
            a2 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 16) & 255) << 3).fma(wq, a2);
            a3 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 24) & 255) << 3).fma(wq, a3);
            a4 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 32) & 255) << 3).fma(wq, a4);
            a5 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 40) & 255) << 3).fma(wq, a5);
            a6 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) ((b >>> 48) & 255) << 3).fma(wq, a6);
            a7 = FloatVector.fromArray(F, BIPOLAR_TABLE, (int) (b >>> 56) << 3).fma(wq, a7);
        }
        a0.intoArray(h, o);
        a1.intoArray(h, o + 8);
        a2.intoArray(h, o + 16);
        a3.intoArray(h, o + 24);
        a4.intoArray(h, o + 32);
        a5.intoArray(h, o + 40);
        a6.intoArray(h, o + 48);
        a7.intoArray(h, o + 56);
    }

    /** The halving levels with {@code 2^j ≥ FL} as vector subtract, add and one lane sum. */
    static void foldBitHistogram(float[] h, int hOff, int n, float a, float[] out, int outOff) {
        if (DIRECT_BIT_SUMS) {
            for (int c = 0; c < n; c++) {
                out[outOff + c] = h[hOff + c] * a;
            }
            return;
        }
        int nb = (n + 7) >>> 3;
        for (int b = 0; b < nb; b++) {
            int base = hOff + (b << 8);
            int cnt = Math.min(8, n - (b << 3));
            int o = outOff + (b << 3);
            for (int j = 7; j >= 0; j--) {
                int half = 1 << j;
                float d;
                if (half >= FL) {
                    d = foldLevel(h, base, half);
                } else {
                    d = 0f;
                    for (int v = 0; v < half; v++) {
                        float hi = h[base + half + v];
                        float lo = h[base + v];
                        d += hi - lo;
                        h[base + v] = lo + hi;
                    }
                }
                if (j < cnt) {
                    out[o + j] = d * a;
                }
            }
        }
    }

    /** {@code Σ_{v<half} (h[v+half] − h[v])}, and {@code h[v] += h[v+half]} (half a multiple of FL). */
    private static float foldLevel(float[] h, int base, int half) {
        FloatVector acc = FloatVector.zero(F);
        for (int v = 0; v < half; v += FL) {
            FloatVector hi = FloatVector.fromArray(F, h, base + half + v);
            FloatVector lo = FloatVector.fromArray(F, h, base + v);
            acc = acc.add(hi.sub(lo));
            lo.add(hi).intoArray(h, base + v);
        }
        return sumLanes(acc);
    }
}
