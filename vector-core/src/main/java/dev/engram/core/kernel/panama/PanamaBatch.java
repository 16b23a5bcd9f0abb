package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaBits.bipolar;
import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.L;
import static dev.engram.core.kernel.panama.PanamaSupport.LL;
import static dev.engram.core.kernel.panama.PanamaSupport.sumLanes;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
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
 * Packed ±1 memories take {@link #softmaxCombineBits}: popcount scores and byte histograms instead of products.
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

    /** Scratch of one thread: Qᵀ, Sᵀ, the unpacked tile, maxima and sums. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);

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

    private static final ThreadLocal<long[][]> LONG_SCRATCH = ThreadLocal.withInitial(() -> new long[3][0]);

    private static long[] longScratch(int which, int len) {
        long[][] s = LONG_SCRATCH.get();
        if (s[which].length < len) {
            s[which] = new long[len];
        }
        return s[which];
    }

    private static final ThreadLocal<float[][]> BITS_SCRATCH = ThreadLocal.withInitial(() -> new float[8][0]);

    private static float[] bitsScratch(int which, int len) {
        float[][] s = BITS_SCRATCH.get();
        if (s[which].length < len) {
            s[which] = new float[len];
        }
        return s[which];
    }

    /**
     * The batched step on packed ±1 memories, lane-parallel over a chunk of one vector of probes (lane i = probe i
     * of the chunk), in three passes over the memories:
     * <ol>
     *   <li>the scores of every memory: when every probe of the chunk is ternary up to scale (components 0, a or −a:
     *       a ±1 cue with unknown components), exact masked popcounts {@code a·(nnz − 2·popcount((ξ ⊕ sign) ∧ mask))},
     *       one vector of probes' sign words XORed with a broadcast memory word, no reduction; otherwise the float
     *       product {@code X_b·Qᵀ} on unpacked row blocks ({@link PanamaGemm});</li>
     *   <li>the weights {@code e^(βs − max)} (vector EXP) and their sums, the maximum known from pass 1 (no
     *       rescaling);</li>
     *   <li>the weighted sums by byte histograms: for byte position b of the rows (neurons 8b..8b+7) and every memory
     *       μ, {@code H[byte_b(ξ_μ)] += w_μ} (one vector add per FL probes; no multiplications; the memories'
     *       bytes transposed once per call so that a byte position is one contiguous row, and
     *       {@link #HIST_GROUP} byte positions per pass over the weights), then the
     *       histogram folded into the 8 neurons' sums ({@code Σ_v ±H[v]} by halving: 255 subtract-adds per neuron
     *       byte, independent of K).</li>
     * </ol>
     * The histogram costs {@code K·N/8} vector adds per FL probes against {@code K·N} FMAs per probe lane for the
     * float product: the bit layout does the multiplications' work.
     */
    static void softmaxCombineBits(float beta, long[] mem, int memOff, int k, int n, float[] x, int xOff, int p,
                                   float[] out, int outOff, float[] lse, int lseOff) {
        int words = (n + 63) >>> 6;
        int nb = (n + 7) >>> 3;
        int pcp = FL;
        // the memories' bytes, byte position major: bt[b·k + μ] (one contiguous row per byte position)
        byte[] bt = byteScratch(nb * k);
        for (int q = 0; q < k; q++) {
            int row = memOff + q * words;
            for (int b = 0; b < nb; b++) {
                bt[b * k + q] = (byte) (mem[row + (b >>> 3)] >>> ((b & 7) << 3));
            }
        }
        float[] sc = bitsScratch(0, k * pcp);
        float[] av = bitsScratch(3, pcp);
        float[] h = bitsScratch(4, HIST_GROUP * 256 * pcp);
        float[] d = bitsScratch(5, 8 * pcp);
        float[] inv = bitsScratch(7, pcp);
        long[] sg = longScratch(0, words * pcp);
        long[] mk = longScratch(1, words * pcp);
        long[] dist = longScratch(2, pcp);
        for (int p0 = 0; p0 < p; p0 += pcp) {
            int pc = Math.min(pcp, p - p0);
            boolean ternary = true;
            for (int i = 0; i < pcp; i++) {
                if (i < pc) {
                    av[i] = ternary(x, xOff + (p0 + i) * n, n, sg, mk, words, pcp, i);
                    ternary &= av[i] >= 0f;
                } else {
                    av[i] = 0f;
                    for (int w = 0; w < words; w++) {
                        sg[w * pcp + i] = 0L;
                        mk[w * pcp + i] = 0L;
                    }
                }
            }
            // pass 1: β·scores, row μ at sc[μ·pcp]
            if (ternary) {
                ternaryScores(beta, mem, memOff, k, words, sg, mk, av, pcp, dist, sc);
            } else {
                floatScores(beta, mem, memOff, k, n, words, x, xOff + p0 * n, pc, pcp, sc);
            }
            // pass 2: maxima, weights, sums
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int q = 0; q < k; q++) {
                m = m.max(FloatVector.fromArray(F, sc, q * pcp));
            }
            FloatVector sv = FloatVector.zero(F);
            for (int q = 0; q < k; q++) {
                FloatVector e = PanamaSupport.exp(FloatVector.fromArray(F, sc, q * pcp).sub(m));
                e.intoArray(sc, q * pcp);
                sv = sv.add(e);
            }
            FloatVector.broadcast(F, 1f).div(sv).intoArray(inv, 0);
            if (lse != null) {
                for (int l = 0; l < pc; l++) {
                    lse[lseOff + p0 + l] = m.lane(l) + (float) Math.log(sv.lane(l));
                }
            }
            // pass 3: byte histograms of the weights (HIST_GROUP byte positions per pass over the weights), folded
            for (int b0 = 0; b0 < nb; b0 += HIST_GROUP) {
                int g = Math.min(HIST_GROUP, nb - b0);
                java.util.Arrays.fill(h, 0, g * 256 * pcp, 0f);
                if (g == 2) {
                    int r0 = b0 * k;
                    int r1 = r0 + k;
                    int h1 = 256 * pcp;
                    int q = 0;
                    for (; q + 1 < k; q += 2) {
                        FloatVector w = FloatVector.fromArray(F, sc, q * pcp);
                        FloatVector u = FloatVector.fromArray(F, sc, q * pcp + pcp);
                        int o0 = (bt[r0 + q] & 255) * pcp;
                        int o1 = h1 + (bt[r1 + q] & 255) * pcp;
                        int o2 = (bt[r0 + q + 1] & 255) * pcp;
                        int o3 = h1 + (bt[r1 + q + 1] & 255) * pcp;
                        FloatVector.fromArray(F, h, o0).add(w).intoArray(h, o0);
                        FloatVector.fromArray(F, h, o1).add(w).intoArray(h, o1);
                        FloatVector.fromArray(F, h, o2).add(u).intoArray(h, o2);
                        FloatVector.fromArray(F, h, o3).add(u).intoArray(h, o3);
                    }
                    for (; q < k; q++) {
                        FloatVector w = FloatVector.fromArray(F, sc, q * pcp);
                        int o0 = (bt[r0 + q] & 255) * pcp;
                        int o1 = h1 + (bt[r1 + q] & 255) * pcp;
                        FloatVector.fromArray(F, h, o0).add(w).intoArray(h, o0);
                        FloatVector.fromArray(F, h, o1).add(w).intoArray(h, o1);
                    }
                } else {
                    for (int q = 0; q < k; q++) {
                        FloatVector w = FloatVector.fromArray(F, sc, q * pcp);
                        for (int t = 0; t < g; t++) {
                            int o = t * 256 * pcp + (bt[(b0 + t) * k + q] & 255) * pcp;
                            FloatVector.fromArray(F, h, o).add(w).intoArray(h, o);
                        }
                    }
                }
                for (int t = 0; t < g; t++) {
                    int b = b0 + t;
                    fold(h, t * 256 * pcp, pcp, d);
                    int cnt = Math.min(8, n - (b << 3));
                    for (int j = 0; j < cnt; j++) {
                        int o = outOff + p0 * n + (b << 3) + j;
                        for (int i = 0; i < pc; i++) {
                            out[o + i * n] = d[j * pcp + i] * inv[i];
                        }
                    }
                }
            }
        }
    }

    /** Byte positions per pass over the weights: their histograms (256 × FL floats each) take 32 KB together. */
    static final int HIST_GROUP = Math.max(1, 8192 / (256 * FL));

    private static final ThreadLocal<byte[][]> BYTE_SCRATCH = ThreadLocal.withInitial(() -> new byte[1][0]);

    private static byte[] byteScratch(int len) {
        byte[][] s = BYTE_SCRATCH.get();
        if (s[0].length < len) {
            s[0] = new byte[len];
        }
        return s[0];
    }

    /**
     * Sign and non-zero bits of probe lane i ({@code sg[w·pcp + i]}, {@code mk[w·pcp + i]}) if every component is 0,
     * a or −a for one a ≥ 0; returns a, or −1 (bits then incomplete) when the probe is not of that form.
     */
    private static float ternary(float[] x, int off, int n, long[] sg, long[] mk, int words, int pcp, int i) {
        float a = 0f;
        for (int w = 0; w < words; w++) {
            long s = 0L;
            long m = 0L;
            int lim = Math.min(64, n - (w << 6));
            for (int b = 0; b < lim; b++) {
                float v = x[off + (w << 6) + b];
                if (v != 0f) {
                    float abs = Math.abs(v);
                    if (a == 0f) {
                        a = abs;
                    } else if (abs != a) {
                        return -1f;
                    }
                    m |= 1L << b;
                    if (v > 0f) {
                        s |= 1L << b;
                    }
                }
            }
            sg[w * pcp + i] = s;
            mk[w * pcp + i] = m;
        }
        return a;
    }

    /** Exact ternary scores: {@code sc[μ·pcp + i] = β·(a_i·(nnz_i − 2 d))}, d the masked distance. */
    private static void ternaryScores(float beta, long[] mem, int memOff, int k, int words, long[] sg, long[] mk,
                                      float[] av, int pcp, long[] dist, float[] sc) {
        float[] nnz = bitsScratch(6, pcp);
        for (int i = 0; i < pcp; i++) {
            int c = 0;
            for (int w = 0; w < words; w++) {
                c += Long.bitCount(mk[w * pcp + i]);
            }
            nnz[i] = c;
        }
        for (int q = 0; q < k; q++) {
            int row = memOff + q * words;
            for (int i = 0; i < pcp; i += LL) {
                LongVector acc = LongVector.zero(L);
                for (int w = 0; w < words; w++) {
                    LongVector m = LongVector.broadcast(L, mem[row + w]);
                    acc = acc.add(m.lanewise(VectorOperators.XOR, LongVector.fromArray(L, sg, w * pcp + i))
                            .and(LongVector.fromArray(L, mk, w * pcp + i)).lanewise(VectorOperators.BIT_COUNT));
                }
                acc.intoArray(dist, i);
            }
            int so = q * pcp;
            for (int i = 0; i < pcp; i++) {
                sc[so + i] = beta * (av[i] * (float) ((int) nnz[i] - 2 * (int) dist[i]));
            }
        }
    }

    /** Float scores on unpacked row blocks: {@code sc = β·X·Qᵀ} (k × pcp), padding lanes 0. */
    private static void floatScores(float beta, long[] mem, int memOff, int k, int n, int words, float[] x, int xOff,
                                    int pc, int pcp, float[] sc) {
        int kb = rowBlock(n);
        float[] qt = scratch(0, n * pcp);
        float[] tile = scratch(2, kb * n);
        for (int c = 0; c < n; c++) {
            int row = c * pcp;
            for (int i = 0; i < pc; i++) {
                qt[row + i] = x[xOff + i * n + c];
            }
            for (int i = pc; i < pcp; i++) {
                qt[row + i] = 0f;
            }
        }
        for (int r0 = 0; r0 < k; r0 += kb) {
            int rows = Math.min(kb, k - r0);
            unpack(mem, memOff + r0 * words, rows, n, words, tile);
            PanamaGemm.gemm(false, false, rows, pcp, n, tile, 0, n, qt, 0, pcp, sc, r0 * pcp, pcp);
        }
        for (int j = 0; j < k * pcp; j += FL) {
            FloatVector.fromArray(F, sc, j).mul(beta).intoArray(sc, j);
        }
    }

    /**
     * Folds a byte histogram (256 rows of pcp lanes) into the eight neurons' signed sums {@code d[j·pcp + i] =
     * Σ_v (bit j of v ? +1 : −1) H[v][i]}: level j adds the upper half of the remaining rows into the lower half and
     * sums their difference.
     */
    private static void fold(float[] h, int hOff, int pcp, float[] d) {
        for (int j = 7; j >= 0; j--) {
            int half = 1 << j;
            for (int i = 0; i < pcp; i += FL) {
                FloatVector acc = FloatVector.zero(F);
                for (int v = 0; v < half; v++) {
                    int lo0 = hOff + v * pcp + i;
                    FloatVector hi = FloatVector.fromArray(F, h, lo0 + half * pcp);
                    FloatVector lo = FloatVector.fromArray(F, h, lo0);
                    acc = acc.add(hi.sub(lo));
                    lo.add(hi).intoArray(h, lo0);
                }
                acc.intoArray(d, j * pcp + i);
            }
        }
    }

    /** Rows of packed ±1 memories as floats: {@code tile[q·n + c]} = ±1. */
    private static void unpack(long[] bits, int off, int rows, int n, int words, float[] tile) {
        int vb = n - n % FL;
        for (int q = 0; q < rows; q++) {
            int row = off + q * words;
            int t = q * n;
            int c = 0;
            for (; c < vb; c += FL) {
                bipolar(bits[row + (c >>> 6)] >>> (c & 63)).intoArray(tile, t + c);
            }
            for (; c < n; c++) {
                tile[t + c] = ((bits[row + (c >>> 6)] >>> c) & 1L) != 0 ? 1f : -1f;
            }
        }
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
