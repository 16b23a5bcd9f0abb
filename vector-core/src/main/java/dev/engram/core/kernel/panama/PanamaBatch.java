package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaBits.bipolar;
import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.I;
import static dev.engram.core.kernel.panama.PanamaSupport.sumLanes;

import dev.engram.core.kernel.BitMatrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The block-of-probes kernels of {@link PanamaKernels} (batch recall).
 *
 * <p>The modern Hopfield step for a block of P probes is done the way BLAS-based code does it, with the online
 * softmax of a single probe carried over to a block: probes in chunks of {@link #chunk} (a multiple of the
 * {@link PanamaGemm} tile width), transposed once into {@code Qᵀ} (N × Pc, zero-padded to whole vectors); memories in
 * blocks of {@code KB} rows. Per block: scores {@code Sᵀ = X_b·Qᵀ} ({@link PanamaGemm}: an 8 × 3 register tile of
 * FMAs on AVX-512, 4 × 3 on AVX2), each probe's running maximum and sum updated lane-parallel across probes (its
 * accumulator rescaled only when its maximum rises), the weights {@code e^(βs − max)} with the vector EXP, then
 * {@code out += W_bᵀ·X_b} (PanamaGemm again). FLOP per probe: {@code 4·N·K} (two products of {@code 2·N·K}).
 * Packed ±1 memories take {@link #softmaxCombineBits}: popcount scores and a packed ±1 × float product
 * ({@link PanamaBipolarProduct}) instead of two float products.
 *
 * <p>{@link #dotsBipolarBatch} and {@link #matVecBipolarBatch} are {@link PanamaLinear}'s {@code dotsBipolar} and
 * {@code matVecBipolar} with the probes as a second register-blocked dimension: the same operations per (probe, row)
 * in the same order, so the same bits, with each row's ±1 lanes (or matrix chunk) loaded once for several probes.
 */
final class PanamaBatch {
    private PanamaBatch() {
    }

    /** Probes per chunk: two column blocks of the gemm tile (96 on AVX-512, 48 on AVX2). */
    static final int CHUNK = 2 * PanamaGemm.NV * FL;

    /**
     * Float scratch of one thread: the float step's Qᵀ (0, also the ±1 step's float scores), Sᵀ (1), maxima (3) and
     * sums (4, in both steps); the ±1 step's weights W (2), the block's weighted sums (5), probe scales (6) and
     * reciprocals (7).
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[8][0]);

    private static float[] scratch(int which, int len) {
        float[][] s = SCRATCH.get();
        if (s[which].length < len) {
            s[which] = new float[len];
        }
        return s[which];
    }

    /** Memory rows per block: the block's rows (as floats) stay within about 256 KB, 16 to 256 rows. */
    static int rowBlock(int n) {
        int kb = 65536 / Math.max(1, n);
        kb = Math.max(16, Math.min(256, kb));
        return kb & ~7;
    }

    /** The batched modern Hopfield step on float memories. */
    static void softmaxCombine(float beta, float[] fmem, int memOff, int k, int n, float[] x, int xOff,
                               int p, float[] out, int outOff, float[] lse, int lseOff) {
        int kb = rowBlock(n);
        for (int p0 = 0; p0 < p; p0 += CHUNK) {
            int pc = Math.min(CHUNK, p - p0);
            int pcp = (pc + FL - 1) / FL * FL;
            float[] qt = scratch(0, n * pcp);
            float[] st = scratch(1, kb * pcp);
            float[] mx = scratch(3, pcp);
            float[] sm = scratch(4, pcp);
            // Qᵀ (n × pcp), padding columns zero
            for (int c = 0; c < n; c++) {
                int row = c * pcp;
                for (int i = 0; i < pc; i++) {
                    qt[row + i] = x[xOff + (p0 + i) * n + c];
                }
                for (int i = pc; i < pcp; i++) {
                    qt[row + i] = 0f;
                }
            }
            java.util.Arrays.fill(mx, 0, pcp, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(sm, 0, pcp, 0f);
            int o0 = outOff + p0 * n;
            java.util.Arrays.fill(out, o0, o0 + pc * n, 0f);
            for (int r0 = 0; r0 < k; r0 += kb) {
                int rows = Math.min(kb, k - r0);
                float[] a = fmem;
                int aOff = memOff + r0 * n;
                PanamaGemm.gemm(false, false, rows, pcp, n, a, aOff, n, qt, 0, pcp, st, 0, pcp);
                // block maxima of β·s, lane-parallel over probes; rescale where a maximum rose
                for (int i = 0; i < pcp; i += FL) {
                    FloatVector bm = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
                    for (int q = 0; q < rows; q++) {
                        FloatVector s = FloatVector.fromArray(F, st, q * pcp + i).mul(beta);
                        s.intoArray(st, q * pcp + i);
                        bm = bm.max(s);
                    }
                    FloatVector old = FloatVector.fromArray(F, mx, i);
                    FloatVector nm = old.max(bm);
                    nm.intoArray(mx, i);
                    FloatVector sv = FloatVector.zero(F);
                    for (int q = 0; q < rows; q++) {
                        FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, st, q * pcp + i).sub(nm));
                        e.intoArray(st, q * pcp + i);
                        sv = sv.add(e);
                    }
                    for (int l = 0; l < FL && i + l < pc; l++) {
                        float om = old.lane(l);
                        float m = nm.lane(l);
                        float prev = sm[i + l];
                        if (m > om && prev > 0f) {
                            float f = (float) Math.exp(om - m);
                            PanamaKernels.INSTANCE.scale(f, out, o0 + (i + l) * n, n);
                            prev *= f;
                        }
                        sm[i + l] = prev + sv.lane(l);
                    }
                }
                // out (pc × n) += Wᵀ (pc × rows) · X_b (rows × n)
                PanamaGemm.gemm(true, true, pc, n, rows, st, 0, pcp, a, aOff, n, out, o0, n);
            }
            for (int i = 0; i < pc; i++) {
                PanamaKernels.INSTANCE.scale(1f / sm[i], out, o0 + i * n, n);
                if (lse != null) {
                    lse[lseOff + p0 + i] = mx[i] + (float) Math.log(sm[i]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- packed ±1 memories

    /** The ±1 step's transposed memories (0) and transpose block (1). */
    private static final ThreadLocal<long[][]> LONG_SCRATCH = ThreadLocal.withInitial(() -> new long[2][0]);

    private static long[] longScratch(int which, int len) {
        long[][] s = LONG_SCRATCH.get();
        if (s[which].length < len) {
            s[which] = new long[len];
        }
        return s[which];
    }

    /** The ±1 step's probe sign (0) and mask (1) halves and non-zero counts (2). */
    private static final ThreadLocal<int[][]> INT_SCRATCH = ThreadLocal.withInitial(() -> new int[3][0]);

    private static int[] intScratch(int which, int len) {
        int[][] s = INT_SCRATCH.get();
        if (s[which].length < len) {
            s[which] = new int[len];
        }
        return s[which];
    }

    /**
     * The batched step on packed ±1 memories, in blocks of {@link PanamaBipolarProduct#WB} probes, each block in
     * chunks of one vector of probes (lane i = probe i of the chunk) for the first two passes:
     * <ol>
     *   <li>the scores of every memory: when every probe of the chunk is ternary up to scale (components 0, a or −a:
     *       a ±1 cue with unknown components), exact masked popcounts {@code a·(nnz − 2·popcount((ξ ⊕ sign) ∧ mask))},
     *       in int lanes, one vector of probes' sign words XORed with a broadcast memory word, no reduction;
     *       otherwise the packed ±1 × float product {@code Ξ·Qᵀ} ({@link PanamaBipolarProduct}); either way into
     *       the chunk's columns of the block's {@code K × WB} matrix {@code W};</li>
     *   <li>the weights {@code e^(βs − max)} (vector EXP, in place) and their sums, the maximum known from pass 1
     *       (no rescaling);</li>
     *   <li>the weighted sums of the whole block, {@code Ξᵀ·W}, as one packed ±1 × float product
     *       ({@link PanamaBipolarProduct}) on the memories' bits transposed once per call (neuron i's bits over the
     *       memories): each nibble of four memories' weights gives a table of its sixteen signed sums, and every
     *       neuron adds one entry per nibble, chosen by its four bits — {@code K/4} vector adds per neuron and vector
     *       of probes, no multiplications.</li>
     * </ol>
     * Against the float product's {@code K·N} FMAs per probe lane, the weighted sums cost {@code K·N/4} adds per
     * vector of probes (the byte histograms they replaced took {@code K·N/8} load-add-stores, which measured about 7
     * cycles each, and a fold).
     */
    static void softmaxCombineBits(float beta, long[] mem, int memOff, int k, int n, float[] x, int xOff, int p,
                                   float[] out, int outOff, float[] lse, int lseOff) {
        int words = (n + 63) >>> 6;
        int kw = (k + 63) >>> 6;
        int pcp = FL;
        int wb = PanamaBipolarProduct.WB;
        // the memories' bits over the neurons: row i holds bit i of every memory (the packed rows of Ξᵀ)
        long[] memT = longScratch(0, n * kw);
        BitMatrix.transpose(mem, memOff, k, words, n, memT, kw, longScratch(1, 64));
        float[] wt = scratch(2, k * wb);
        float[] sums = scratch(5, wb * n);
        float[] av = scratch(6, pcp);
        float[] inv = scratch(7, wb);
        float[] maxima = scratch(3, wb);
        float[] totals = scratch(4, wb);
        int[] sg = intScratch(0, 2 * words * pcp);
        int[] mk = intScratch(1, 2 * words * pcp);
        for (int p0 = 0; p0 < p; p0 += wb) {
            int pb = Math.min(wb, p - p0);
            int chunks = (pb + pcp - 1) / pcp;
            for (int ch = 0; ch < chunks; ch++) {
                int c0 = p0 + ch * pcp;
                int pc = Math.min(pcp, p - c0);
                boolean ternary = true;
                for (int i = 0; i < pcp; i++) {
                    if (i < pc) {
                        av[i] = ternary(x, xOff + (c0 + i) * n, n, sg, mk, words, pcp, i);
                        ternary &= av[i] >= 0f;
                    } else {
                        av[i] = 0f;
                        for (int h = 0; h < 2 * words; h++) {
                            sg[h * pcp + i] = 0;
                            mk[h * pcp + i] = 0;
                        }
                    }
                }
                // pass 1: β·scores into the chunk's columns of W, memory μ's at wt[μ·wb + col], and their maxima
                int col = ch * pcp;
                if (ternary) {
                    ternaryScores(beta, mem, memOff, k, n, words, sg, mk, av, pcp, wt, col, wb, maxima);
                } else {
                    floatScores(beta, mem, memOff, k, n, words, x, xOff + c0 * n, pc, pcp, wt, col, wb, maxima);
                }
                // pass 2: the weights e^(βs − max) (in place) and their sums
                FloatVector m = FloatVector.fromArray(F, maxima, col);
                FloatVector sv = FloatVector.zero(F);
                for (int q = 0; q < k; q++) {
                    FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, wt, q * wb + col).sub(m));
                    e.intoArray(wt, q * wb + col);
                    sv = sv.add(e);
                }
                sv.intoArray(totals, col);
            }
            // pass 3: the block's weighted sums Ξᵀ·W, probe j's at sums[j·n] (padding lanes summed and dropped)
            int cols = chunks * pcp;
            PanamaBipolarProduct.product(true, PanamaBipolarProduct.STEP_CHUNK, n, cols, k, memT, 0, kw, wt, 0,
                    wb, sums, 0, n);
            for (int c = 0; c < cols; c += FL) {
                FloatVector.broadcast(F, 1f).div(FloatVector.fromArray(F, totals, c)).intoArray(inv, c);
            }
            if (lse != null) {
                for (int j = 0; j < pb; j++) {
                    lse[lseOff + p0 + j] = maxima[j] + (float) Math.log(totals[j]);
                }
            }
            int vb = n - n % FL;
            for (int j = 0; j < pb; j++) {
                int o = outOff + (p0 + j) * n;
                int s = j * n;
                float f = inv[j];
                int c = 0;
                for (; c < vb; c += FL) {
                    FloatVector.fromArray(F, sums, s + c).mul(f).intoArray(out, o + c);
                }
                for (; c < n; c++) {
                    out[o + c] = sums[s + c] * f;
                }
            }
        }
    }

    /**
     * Sign and non-zero bits of probe lane i in 32-bit halves of the packed words (half h, bits 32h..32h+31, at
     * {@code sg[h·pcp + i]}, {@code mk[h·pcp + i]}) if every component is 0,
     * a or −a for one a ≥ 0; returns a, or −1 (bits then incomplete) when the probe is not of that form.
     */
    private static float ternary(float[] x, int off, int n, int[] sg, int[] mk, int words, int pcp, int i) {
        float a = 0f;
        for (int c = 0; c < n; c++) {
            float v = x[off + c];
            if (v != 0f) {
                a = Math.abs(v);
                break;
            }
        }
        if (Float.isNaN(a)) {
            return -1f;
        }
        // a vector of components at a time: a mask of the non-zero ones, of the positive ones, and of those whose
        // size is not a (NaN included), which make the probe not ternary
        for (int w = 0; w < words; w++) {
            long s = 0L;
            long m = 0L;
            int base = off + (w << 6);
            int lim = Math.min(64, n - (w << 6));
            int vb = lim - lim % FL;
            int b = 0;
            for (; b < vb; b += FL) {
                FloatVector v = FloatVector.fromArray(F, x, base + b);
                VectorMask<Float> nz = v.compare(VectorOperators.NE, 0f);
                if (v.abs().compare(VectorOperators.NE, a).and(nz).anyTrue()) {
                    return -1f;
                }
                m |= nz.toLong() << b;
                s |= v.compare(VectorOperators.GT, 0f).toLong() << b;
            }
            for (; b < lim; b++) {
                float v = x[base + b];
                if (v != 0f) {
                    if (Math.abs(v) != a) {
                        return -1f;
                    }
                    m |= 1L << b;
                    if (v > 0f) {
                        s |= 1L << b;
                    }
                }
            }
            sg[2 * w * pcp + i] = (int) s;
            sg[(2 * w + 1) * pcp + i] = (int) (s >>> 32);
            mk[2 * w * pcp + i] = (int) m;
            mk[(2 * w + 1) * pcp + i] = (int) (m >>> 32);
        }
        return a;
    }

    /**
     * Exact ternary scores: {@code sc[μ·ldc + col + i] = β·(a_i·(nnz_i − 2 d))}, d the masked distance, lane-parallel
     * over the chunk's probes in int lanes (32-bit halves of the words: the distance, the conversion and the
     * scale are then one vector each, with the float vector's lane count).
     */
    private static void ternaryScores(float beta, long[] mem, int memOff, int k, int n, int words, int[] sg,
                                      int[] mk, float[] av, int pcp, float[] sc, int col, int ldc, float[] maxima) {
        int[] nnz = intScratch(2, pcp);
        for (int i = 0; i < pcp; i++) {
            int c = 0;
            for (int h = 0; h < 2 * words; h++) {
                c += Integer.bitCount(mk[h * pcp + i]);
            }
            nnz[i] = c;
        }
        // every lane a full ±1 probe: the mask is all ones on the n bits, and past them both the memory's and the
        // probe's bits are 0, so the distance is the plain popcount of the XOR
        boolean full = true;
        for (int i = 0; i < pcp; i++) {
            full &= nnz[i] == n;
        }
        IntVector nz = IntVector.fromArray(I, nnz, 0);
        FloatVector a = FloatVector.fromArray(F, av, 0);
        FloatVector mx = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int q = 0; q < k; q++) {
            int row = memOff + q * words;
            IntVector d = IntVector.zero(I);
            for (int w = 0; w < words; w++) {
                long word = mem[row + w];
                IntVector lo = IntVector.broadcast(I, (int) word).lanewise(VectorOperators.XOR,
                        IntVector.fromArray(I, sg, 2 * w * pcp));
                IntVector hi = IntVector.broadcast(I, (int) (word >>> 32)).lanewise(VectorOperators.XOR,
                        IntVector.fromArray(I, sg, (2 * w + 1) * pcp));
                if (!full) {
                    lo = lo.and(IntVector.fromArray(I, mk, 2 * w * pcp));
                    hi = hi.and(IntVector.fromArray(I, mk, (2 * w + 1) * pcp));
                }
                d = d.add(lo.lanewise(VectorOperators.BIT_COUNT)).add(hi.lanewise(VectorOperators.BIT_COUNT));
            }
            FloatVector f = (FloatVector) nz.sub(d.add(d)).convert(VectorOperators.I2F, 0);
            FloatVector sq = a.mul(f).mul(beta);
            sq.intoArray(sc, q * ldc + col);
            mx = mx.max(sq);
        }
        mx.intoArray(maxima, col);
    }

    /**
     * Float scores of a chunk of probes against the packed ±1 memories, {@code sc[μ·ldc + col + i] = β·(ξ_μ·x_i)}: one
     * packed ±1 × float product ({@link PanamaBipolarProduct}, the memories' bits times {@code Qᵀ}, N × pcp), no
     * multiplications but β's; padding lanes 0.
     */
    private static void floatScores(float beta, long[] mem, int memOff, int k, int n, int words, float[] x, int xOff,
                                    int pc, int pcp, float[] sc, int col, int ldc, float[] maxima) {
        float[] qt = scratch(0, n * pcp);
        for (int c = 0; c < n; c++) {
            int row = c * pcp;
            for (int i = 0; i < pc; i++) {
                qt[row + i] = x[xOff + i * n + c];
            }
            for (int i = pc; i < pcp; i++) {
                qt[row + i] = 0f;
            }
        }
        PanamaBipolarProduct.product(false, PanamaBipolarProduct.STEP_CHUNK, k, pcp, n, mem, memOff, words, qt, 0,
                pcp, sc, col, ldc);
        FloatVector mx = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int q = 0; q < k; q++) {
            int o = q * ldc + col;
            FloatVector sq = FloatVector.fromArray(F, sc, o).mul(beta);
            sq.intoArray(sc, o);
            mx = mx.max(sq);
        }
        mx.intoArray(maxima, col);
    }


    // ---------------------------------------------------------------- dotsBipolar for several vectors

    /**
     * {@link PanamaLinear#dotsBipolar}, two vectors at a time sharing each row's ±1 lanes (same bits per value). (Four
     * vectors × four rows, 16 accumulators, made C2 box the vectors on AVX-512: 35 MB allocated per batch of 256 dam
     * recalls.)
     */
    static void dotsBipolarBatch(float[] v, int vOff, int vStride, int p, int len, long[] bits, int stride, int[] rows,
                                 int rowsOff, int count, float[] out, int outOff, int outStride) {
        int i = 0;
        for (; i + 1 < p; i += 2) {
            int va = vOff + i * vStride;
            int vb = va + vStride;
            int oa = outOff + i * outStride;
            int ob = oa + outStride;
            int j = 0;
            for (; j + 3 < count; j += 4) {
                dots4x2(v, va, vb, len, bits, rows[rowsOff + j] * stride, rows[rowsOff + j + 1] * stride,
                        rows[rowsOff + j + 2] * stride, rows[rowsOff + j + 3] * stride, out, oa + j, ob + j);
            }
            for (; j < count; j++) {
                PanamaLinear.dotsBipolar(v, va, len, bits, stride, rows, rowsOff + j, 1, out, oa + j);
                PanamaLinear.dotsBipolar(v, vb, len, bits, stride, rows, rowsOff + j, 1, out, ob + j);
            }
        }
        for (; i < p; i++) {
            PanamaLinear.dotsBipolar(v, vOff + i * vStride, len, bits, stride, rows, rowsOff, count, out,
                    outOff + i * outStride);
        }
    }

    /** PanamaLinear.dots4 for two vectors: each of the eight sums is the same FMA chain and reduction. */
    private static void dots4x2(float[] v, int va, int vb, int len, long[] x, int o0, int o1, int o2, int o3,
                                float[] out, int oa, int ob) {
        int bound = F.loopBound(len);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        FloatVector b0 = FloatVector.zero(F);
        FloatVector b1 = FloatVector.zero(F);
        FloatVector b2 = FloatVector.zero(F);
        FloatVector b3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += FL) {
            int w = c >>> 6;
            int sh = c & 63;
            FloatVector xa = FloatVector.fromArray(F, v, va + c);
            FloatVector xb = FloatVector.fromArray(F, v, vb + c);
            FloatVector m0 = bipolar(x[o0 + w] >>> sh);
            FloatVector m1 = bipolar(x[o1 + w] >>> sh);
            FloatVector m2 = bipolar(x[o2 + w] >>> sh);
            FloatVector m3 = bipolar(x[o3 + w] >>> sh);
            a0 = m0.fma(xa, a0);
            a1 = m1.fma(xa, a1);
            a2 = m2.fma(xa, a2);
            a3 = m3.fma(xa, a3);
            b0 = m0.fma(xb, b0);
            b1 = m1.fma(xb, b1);
            b2 = m2.fma(xb, b2);
            b3 = m3.fma(xb, b3);
        }
        float s0 = sumLanes(a0);
        float s1 = sumLanes(a1);
        float s2 = sumLanes(a2);
        float s3 = sumLanes(a3);
        float t0 = sumLanes(b0);
        float t1 = sumLanes(b1);
        float t2 = sumLanes(b2);
        float t3 = sumLanes(b3);
        for (; c < len; c++) {
            float ma = v[va + c];
            float mb = v[vb + c];
            int w = c >>> 6;
            boolean p0 = ((x[o0 + w] >>> c) & 1L) != 0;
            boolean p1 = ((x[o1 + w] >>> c) & 1L) != 0;
            boolean p2 = ((x[o2 + w] >>> c) & 1L) != 0;
            boolean p3 = ((x[o3 + w] >>> c) & 1L) != 0;
            s0 += p0 ? ma : -ma;
            s1 += p1 ? ma : -ma;
            s2 += p2 ? ma : -ma;
            s3 += p3 ? ma : -ma;
            t0 += p0 ? mb : -mb;
            t1 += p1 ? mb : -mb;
            t2 += p2 ? mb : -mb;
            t3 += p3 ? mb : -mb;
        }
        out[oa] = s0;
        out[oa + 1] = s1;
        out[oa + 2] = s2;
        out[oa + 3] = s3;
        out[ob] = t0;
        out[ob + 1] = t1;
        out[ob + 2] = t2;
        out[ob + 3] = t3;
    }

    // ---------------------------------------------------------------- matVecBipolar for several vectors

    /** {@link PanamaLinear#matVecBipolar} for p vectors, four at a time sharing each load of a matrix chunk. */
    static void matVecBipolarBatch(float[] m, int mOff, int rows, int cols, long[] x, int xOff, int p, float[] out,
                                   int outOff) {
        int words = (cols + 63) >>> 6;
        int i = 0;
        for (; i + 3 < p; i += 4) {
            rows4(m, mOff, rows, cols, x, xOff + i * words, words, out, outOff + i * rows);
        }
        for (; i < p; i++) {
            PanamaLinear.matVecBipolar(m, mOff, rows, cols, x, xOff + i * words, out, outOff + i * rows);
        }
    }

    /**
     * Four vectors (at {@code x0}, {@code x0 + words}, ...): per row and vector the two accumulators of matVecBipolar.
     * The ±1 lanes are added by FMA ({@code a + (±1)·m}, exactly the sign flip's {@code a ± m}): with eight sign flips
     * in one loop C2 boxed the vectors (a batched hopfield recall took 1.7x as long as one at a time).
     */
    private static void rows4(float[] m, int mOff, int rows, int cols, long[] x, int x0, int words, float[] out,
                              int o0) {
        int bound = F.loopBound(cols);
        int x1 = x0 + words;
        int x2 = x1 + words;
        int x3 = x2 + words;
        for (int r = 0; r < rows; r++) {
            int base = mOff + r * cols;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector b0 = FloatVector.zero(F);
            FloatVector b1 = FloatVector.zero(F);
            FloatVector c0 = FloatVector.zero(F);
            FloatVector c1 = FloatVector.zero(F);
            FloatVector d0 = FloatVector.zero(F);
            FloatVector d1 = FloatVector.zero(F);
            int c = 0;
            for (; c + FL < bound; c += 2 * FL) {
                int w0 = c >>> 6;
                int s0 = c & 63;
                int w1 = (c + FL) >>> 6;
                int s1 = (c + FL) & 63;
                FloatVector m0 = FloatVector.fromArray(F, m, base + c);
                FloatVector m1 = FloatVector.fromArray(F, m, base + c + FL);
                a0 = bipolar(x[x0 + w0] >>> s0).fma(m0, a0);
                a1 = bipolar(x[x0 + w1] >>> s1).fma(m1, a1);
                b0 = bipolar(x[x1 + w0] >>> s0).fma(m0, b0);
                b1 = bipolar(x[x1 + w1] >>> s1).fma(m1, b1);
                c0 = bipolar(x[x2 + w0] >>> s0).fma(m0, c0);
                c1 = bipolar(x[x2 + w1] >>> s1).fma(m1, c1);
                d0 = bipolar(x[x3 + w0] >>> s0).fma(m0, d0);
                d1 = bipolar(x[x3 + w1] >>> s1).fma(m1, d1);
            }
            for (; c < bound; c += FL) {
                int w0 = c >>> 6;
                int s0 = c & 63;
                FloatVector m0 = FloatVector.fromArray(F, m, base + c);
                a0 = bipolar(x[x0 + w0] >>> s0).fma(m0, a0);
                b0 = bipolar(x[x1 + w0] >>> s0).fma(m0, b0);
                c0 = bipolar(x[x2 + w0] >>> s0).fma(m0, c0);
                d0 = bipolar(x[x3 + w0] >>> s0).fma(m0, d0);
            }
            float sa = sumLanes(a0.add(a1));
            float sb = sumLanes(b0.add(b1));
            float sc = sumLanes(c0.add(c1));
            float sd = sumLanes(d0.add(d1));
            for (; c < cols; c++) {
                float v = m[base + c];
                int w = c >>> 6;
                sa += ((x[x0 + w] >>> c) & 1L) != 0 ? v : -v;
                sb += ((x[x1 + w] >>> c) & 1L) != 0 ? v : -v;
                sc += ((x[x2 + w] >>> c) & 1L) != 0 ? v : -v;
                sd += ((x[x3 + w] >>> c) & 1L) != 0 ? v : -v;
            }
            out[o0 + r] = sa;
            out[o0 + rows + r] = sb;
            out[o0 + 2 * rows + r] = sc;
            out[o0 + 3 * rows + r] = sd;
        }
    }

    // ---------------------------------------------------------------- matTVec for several vectors

    /**
     * {@link PanamaLinear#matTVec} for p vectors: per block of four matrix rows, each chunk of the four rows is loaded
     * once and added into up to four vectors' outputs, each with the same FMA chain as the single form.
     */
    static void matTVecBatch(float[] m, int mOff, int rows, int cols, float[] x, int xOff, int xStride, int p,
                             float[] out, int outOff, int outStride) {
        int i = 0;
        for (; i + 3 < p; i += 4) {
            tvec4(m, mOff, rows, cols, x, xOff + i * xStride, xStride, out, outOff + i * outStride, outStride);
        }
        for (; i < p; i++) {
            PanamaLinear.matTVec(m, mOff, rows, cols, x, xOff + i * xStride, out, outOff + i * outStride);
        }
    }

    private static void tvec4(float[] m, int mOff, int rows, int cols, float[] x, int xa, int xs, float[] out, int oa,
                              int os) {
        int bound = F.loopBound(cols);
        int xb = xa + xs;
        int xc = xb + xs;
        int xd = xc + xs;
        int ob = oa + os;
        int oc = ob + os;
        int od = oc + os;
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b0 = mOff + r * cols;
            int b1 = b0 + cols;
            int b2 = b1 + cols;
            int b3 = b2 + cols;
            boolean first = r == 0;
            FloatVector a0 = FloatVector.broadcast(F, x[xa + r]);
            FloatVector a1 = FloatVector.broadcast(F, x[xa + r + 1]);
            FloatVector a2 = FloatVector.broadcast(F, x[xa + r + 2]);
            FloatVector a3 = FloatVector.broadcast(F, x[xa + r + 3]);
            FloatVector e0 = FloatVector.broadcast(F, x[xb + r]);
            FloatVector e1 = FloatVector.broadcast(F, x[xb + r + 1]);
            FloatVector e2 = FloatVector.broadcast(F, x[xb + r + 2]);
            FloatVector e3 = FloatVector.broadcast(F, x[xb + r + 3]);
            int c = 0;
            for (; c < bound; c += FL) {
                FloatVector m0 = FloatVector.fromArray(F, m, b0 + c);
                FloatVector m1 = FloatVector.fromArray(F, m, b1 + c);
                FloatVector m2 = FloatVector.fromArray(F, m, b2 + c);
                FloatVector m3 = FloatVector.fromArray(F, m, b3 + c);
                FloatVector o = first ? FloatVector.zero(F) : FloatVector.fromArray(F, out, oa + c);
                o = m3.fma(a3, m2.fma(a2, m1.fma(a1, m0.fma(a0, o))));
                o.intoArray(out, oa + c);
                o = first ? FloatVector.zero(F) : FloatVector.fromArray(F, out, ob + c);
                o = m3.fma(e3, m2.fma(e2, m1.fma(e1, m0.fma(e0, o))));
                o.intoArray(out, ob + c);
                o = first ? FloatVector.zero(F) : FloatVector.fromArray(F, out, oc + c);
                o = m3.fma(FloatVector.broadcast(F, x[xc + r + 3]), m2.fma(FloatVector.broadcast(F, x[xc + r + 2]),
                        m1.fma(FloatVector.broadcast(F, x[xc + r + 1]), m0.fma(FloatVector.broadcast(F, x[xc + r]), o))));
                o.intoArray(out, oc + c);
                o = first ? FloatVector.zero(F) : FloatVector.fromArray(F, out, od + c);
                o = m3.fma(FloatVector.broadcast(F, x[xd + r + 3]), m2.fma(FloatVector.broadcast(F, x[xd + r + 2]),
                        m1.fma(FloatVector.broadcast(F, x[xd + r + 1]), m0.fma(FloatVector.broadcast(F, x[xd + r]), o))));
                o.intoArray(out, od + c);
            }
            for (; c < cols; c++) {
                tailColumn(m, b0, b1, b2, b3, c, x, xa + r, out, oa + c, first);
                tailColumn(m, b0, b1, b2, b3, c, x, xb + r, out, ob + c, first);
                tailColumn(m, b0, b1, b2, b3, c, x, xc + r, out, oc + c, first);
                tailColumn(m, b0, b1, b2, b3, c, x, xd + r, out, od + c, first);
            }
        }
        if (r == 0) {
            java.util.Arrays.fill(out, oa, oa + cols, 0f);
            java.util.Arrays.fill(out, ob, ob + cols, 0f);
            java.util.Arrays.fill(out, oc, oc + cols, 0f);
            java.util.Arrays.fill(out, od, od + cols, 0f);
        }
        for (; r < rows; r++) {
            PanamaKernels.INSTANCE.axpy(x[xa + r], m, mOff + r * cols, out, oa, cols);
            PanamaKernels.INSTANCE.axpy(x[xb + r], m, mOff + r * cols, out, ob, cols);
            PanamaKernels.INSTANCE.axpy(x[xc + r], m, mOff + r * cols, out, oc, cols);
            PanamaKernels.INSTANCE.axpy(x[xd + r], m, mOff + r * cols, out, od, cols);
        }
    }

    /** The scalar column tail of matTVec: the same four products added one at a time. */
    private static void tailColumn(float[] m, int b0, int b1, int b2, int b3, int c, float[] x, int xr, float[] out,
                                   int o, boolean first) {
        float v = first ? 0f : out[o];
        v += m[b0 + c] * x[xr];
        v += m[b1 + c] * x[xr + 1];
        v += m[b2 + c] * x[xr + 2];
        v += m[b3 + c] * x[xr + 3];
        out[o] = v;
    }
}
