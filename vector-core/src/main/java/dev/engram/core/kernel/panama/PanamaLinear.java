package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaBits.SIGN_SHIFTS;
import static dev.engram.core.kernel.panama.PanamaBits.bipolar;
import static dev.engram.core.kernel.panama.PanamaBits.flipWhereClear;
import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static dev.engram.core.kernel.panama.PanamaSupport.I;
import static dev.engram.core.kernel.panama.PanamaSupport.sumLanes;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The float linear algebra of {@link PanamaKernels}: dot, matrix times vector (also a packed ±1 vector), the
 * transposed product, axpy, and the packed ±1 forms {@code axpyBipolar} and {@code dotsBipolar}. A method named
 * after a {@code Kernels} operation is its vector path: {@link PanamaKernels} sends inputs too short for it to
 * the scalar reference.
 */
final class PanamaLinear {
    private PanamaLinear() {
    }

    /** Four-accumulator FMA dot product (len ≥ 1 vector). */
    static float dotVec(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int i = 0;
        int bound4 = len - len % (4 * FL);
        for (; i < bound4; i += 4 * FL) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + FL).fma(FloatVector.fromArray(F, b, bOff + i + FL), acc1);
            acc2 = FloatVector.fromArray(F, a, aOff + i + 2 * FL).fma(FloatVector.fromArray(F, b, bOff + i + 2 * FL), acc2);
            acc3 = FloatVector.fromArray(F, a, aOff + i + 3 * FL).fma(FloatVector.fromArray(F, b, bOff + i + 3 * FL), acc3);
        }
        int bound = F.loopBound(len);
        for (; i < bound; i += FL) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        float s = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        int r = 0;
        // two rows at a time: each x vector is loaded once for both rows
        for (; r + 1 < rows; r += 2) {
            int b0 = mOff + r * cols;
            int b1 = b0 + cols;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector c0 = FloatVector.zero(F);
            FloatVector c1 = FloatVector.zero(F);
            int i = 0;
            int bound2 = cols - cols % (2 * FL);
            for (; i < bound2; i += 2 * FL) {
                FloatVector xv0 = FloatVector.fromArray(F, x, xOff + i);
                FloatVector xv1 = FloatVector.fromArray(F, x, xOff + i + FL);
                a0 = FloatVector.fromArray(F, m, b0 + i).fma(xv0, a0);
                c0 = FloatVector.fromArray(F, m, b0 + i + FL).fma(xv1, c0);
                a1 = FloatVector.fromArray(F, m, b1 + i).fma(xv0, a1);
                c1 = FloatVector.fromArray(F, m, b1 + i + FL).fma(xv1, c1);
            }
            int bound = F.loopBound(cols);
            for (; i < bound; i += FL) {
                FloatVector xv0 = FloatVector.fromArray(F, x, xOff + i);
                a0 = FloatVector.fromArray(F, m, b0 + i).fma(xv0, a0);
                a1 = FloatVector.fromArray(F, m, b1 + i).fma(xv0, a1);
            }
            float s0 = sumLanes(a0.add(c0));
            float s1 = sumLanes(a1.add(c1));
            for (; i < cols; i++) {
                float xi = x[xOff + i];
                s0 += m[b0 + i] * xi;
                s1 += m[b1 + i] * xi;
            }
            out[outOff + r] = s0;
            out[outOff + r + 1] = s1;
        }
        if (r < rows) {
            out[outOff + r] = dotVec(m, mOff + r * cols, x, xOff, cols);
        }
    }

    static void matVecBipolar(float[] m, int mOff, int rows, int cols, long[] x, int xOff, float[] out, int outOff) {
        int bound = F.loopBound(cols);
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        for (int r = 0; r < rows; r++) {
            int base = mOff + r * cols;
            // acc0/acc1 alternate so that consecutive chunks do not wait on each other
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            int c = 0;
            for (; c + FL < bound; c += 2 * FL) {
                long w0 = x[xOff + (c >>> 6)] >>> (c & 63);
                long w1 = x[xOff + ((c + FL) >>> 6)] >>> ((c + FL) & 63);
                acc0 = acc0.add(flipWhereClear(FloatVector.fromArray(F, m, base + c), w0, shifts));
                acc1 = acc1.add(flipWhereClear(FloatVector.fromArray(F, m, base + c + FL), w1, shifts));
            }
            for (; c < bound; c += FL) {
                long w0 = x[xOff + (c >>> 6)] >>> (c & 63);
                acc0 = acc0.add(flipWhereClear(FloatVector.fromArray(F, m, base + c), w0, shifts));
            }
            float s = sumLanes(acc0.add(acc1));
            for (; c < cols; c++) {
                float v = m[base + c];
                s += ((x[xOff + (c >>> 6)] >>> c) & 1L) != 0 ? v : -v;
            }
            out[outOff + r] = s;
        }
    }

    static void axpyBipolar(float a, long[] bits, int bitsOff, float[] y, int yOff, int len) {
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        FloatVector av = FloatVector.broadcast(F, a);
        int bound = F.loopBound(len);
        int c = 0;
        // written out four times per iteration to keep the method above C2's FreqInlineSize: see
        // bipolarWeightsPoly. The sign flip of PanamaBits.flipWhereClear is written out too (the same
        // operations): a vector-typed helper that C2 does not inline boxes its vectors, and whether it inlines
        // depends on what was compiled before (20 KB a dam recall after some other tests had run)
        for (; c + 3 * FL < bound; c += 4 * FL) {
            int c1 = c + FL;
            int c2 = c1 + FL;
            int c3 = c2 + FL;
            long wc = bits[bitsOff + (c >>> 6)] >>> (c & 63);
            IntVector sc = PanamaBits.SIGN_TABLE_LANES
                    ? IntVector.fromArray(I, PanamaBits.SIGN_TABLE, ((int) wc & (int) PanamaSupport.FL_MASK) * FL)
                    : IntVector.broadcast(I, (int) ~wc).lanewise(VectorOperators.LSHL, shifts).and(Integer.MIN_VALUE);
            FloatVector.fromArray(F, y, yOff + c)
                    .add(av.reinterpretAsInts().lanewise(VectorOperators.XOR, sc).reinterpretAsFloats())
                    .intoArray(y, yOff + c);
            long wc1 = bits[bitsOff + (c1 >>> 6)] >>> (c1 & 63);
            IntVector sc1 = PanamaBits.SIGN_TABLE_LANES
                    ? IntVector.fromArray(I, PanamaBits.SIGN_TABLE, ((int) wc1 & (int) PanamaSupport.FL_MASK) * FL)
                    : IntVector.broadcast(I, (int) ~wc1).lanewise(VectorOperators.LSHL, shifts).and(Integer.MIN_VALUE);
            FloatVector.fromArray(F, y, yOff + c1)
                    .add(av.reinterpretAsInts().lanewise(VectorOperators.XOR, sc1).reinterpretAsFloats())
                    .intoArray(y, yOff + c1);
            long wc2 = bits[bitsOff + (c2 >>> 6)] >>> (c2 & 63);
            IntVector sc2 = PanamaBits.SIGN_TABLE_LANES
                    ? IntVector.fromArray(I, PanamaBits.SIGN_TABLE, ((int) wc2 & (int) PanamaSupport.FL_MASK) * FL)
                    : IntVector.broadcast(I, (int) ~wc2).lanewise(VectorOperators.LSHL, shifts).and(Integer.MIN_VALUE);
            FloatVector.fromArray(F, y, yOff + c2)
                    .add(av.reinterpretAsInts().lanewise(VectorOperators.XOR, sc2).reinterpretAsFloats())
                    .intoArray(y, yOff + c2);
            long wc3 = bits[bitsOff + (c3 >>> 6)] >>> (c3 & 63);
            IntVector sc3 = PanamaBits.SIGN_TABLE_LANES
                    ? IntVector.fromArray(I, PanamaBits.SIGN_TABLE, ((int) wc3 & (int) PanamaSupport.FL_MASK) * FL)
                    : IntVector.broadcast(I, (int) ~wc3).lanewise(VectorOperators.LSHL, shifts).and(Integer.MIN_VALUE);
            FloatVector.fromArray(F, y, yOff + c3)
                    .add(av.reinterpretAsInts().lanewise(VectorOperators.XOR, sc3).reinterpretAsFloats())
                    .intoArray(y, yOff + c3);
        }
        for (; c < bound; c += FL) {
            long w = bits[bitsOff + (c >>> 6)] >>> (c & 63);
            IntVector sg = PanamaBits.SIGN_TABLE_LANES
                    ? IntVector.fromArray(I, PanamaBits.SIGN_TABLE, ((int) w & (int) PanamaSupport.FL_MASK) * FL)
                    : IntVector.broadcast(I, (int) ~w).lanewise(VectorOperators.LSHL, shifts).and(Integer.MIN_VALUE);
            FloatVector.fromArray(F, y, yOff + c)
                    .add(av.reinterpretAsInts().lanewise(VectorOperators.XOR, sg).reinterpretAsFloats())
                    .intoArray(y, yOff + c);
        }
        for (; c < len; c++) {
            y[yOff + c] += ((bits[bitsOff + (c >>> 6)] >>> c) & 1L) != 0 ? a : -a;
        }
    }

    /**
     * Rows four at a time share each load of {@code v}. Every row has one accumulator (four rows give the adds
     * enough independent chains) and the same reduction, also a row left over: a row's sum does not depend on
     * its company. (Two accumulators per row, eight in all, made C2 box vectors: 640 B per call.)
     */
    static void dotsBipolar(float[] v, int vOff, int len, long[] bits, int stride, int[] rows, int rowsOff, int count,
                            float[] out, int outOff) {
        int j = 0;
        for (; j + 3 < count; j += 4) {
            dots4(v, vOff, len, bits, rows[rowsOff + j] * stride, rows[rowsOff + j + 1] * stride,
                    rows[rowsOff + j + 2] * stride, rows[rowsOff + j + 3] * stride, out, outOff + j);
        }
        for (; j < count; j++) {
            out[outOff + j] = dot1(v, vOff, len, bits, rows[rowsOff + j] * stride);
        }
    }

    private static float dot1(float[] v, int vOff, int len, long[] x, int o) {
        IntVector shifts = IntVector.fromArray(I, SIGN_SHIFTS, 0);
        int bound = F.loopBound(len);
        FloatVector a = FloatVector.zero(F);
        int c = 0;
        // written out four times per iteration (same sums) to keep the method above C2's FreqInlineSize: see
        // bipolarWeightsPoly
        for (; c + 3 * FL < bound; c += 4 * FL) {
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + c), x[o + (c >>> 6)] >>> (c & 63), shifts));
            int d = c + FL;
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + d), x[o + (d >>> 6)] >>> (d & 63), shifts));
            d += FL;
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + d), x[o + (d >>> 6)] >>> (d & 63), shifts));
            d += FL;
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + d), x[o + (d >>> 6)] >>> (d & 63), shifts));
        }
        for (; c < bound; c += FL) {
            a = a.add(flipWhereClear(FloatVector.fromArray(F, v, vOff + c), x[o + (c >>> 6)] >>> (c & 63), shifts));
        }
        // sumLanes written out: dot1 runs for the last one to three rows of a block only, so its call of sumLanes
        // is cold, C2 did not inline it, and the accumulator was boxed (192 bytes per async dam recall at K = 40)
        float s = 0f;
        for (int l = 0; l < FL; l++) {
            s += a.lane(l);
        }
        for (; c < len; c++) {
            float m = v[vOff + c];
            s += ((x[o + (c >>> 6)] >>> c) & 1L) != 0 ? m : -m;
        }
        return s;
    }

    private static void dots4(float[] v, int vOff, int len, long[] x, int o0, int o1, int o2, int o3, float[] out,
                              int outOff) {
        int bound = F.loopBound(len);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += FL) {
            int w = c >>> 6;
            int sh = c & 63;
            FloatVector va = FloatVector.fromArray(F, v, vOff + c);
            // ±1 lanes times v added by one FMA each: exactly a ± v, as the sign flip gives, but C2 keeps these
            // vectors in registers; with four sign flips in one loop it boxed them (about 100 KB per dam recall at
            // N = 1024 on AVX-512, RecallAllocationTest)
            long b0 = x[o0 + w] >>> sh;
            FloatVector m0 = PanamaBits.SIGN_TABLE_LANES
                    ? FloatVector.fromArray(F, PanamaBits.BIPOLAR_TABLE, ((int) b0 & (int) PanamaSupport.FL_MASK) * FL)
                    : PanamaBits.MASK_FROM_LONG
                    ? PanamaBits.MINUS_ONES.blend(1f, VectorMask.fromLong(F, b0 & PanamaSupport.FL_MASK))
                    : PanamaBits.MINUS_ONES.blend(1f, IntVector.broadcast(I, (int) b0).and(PanamaBits.LANE_BITS)
                            .compare(VectorOperators.NE, 0).cast(F));
            a0 = m0.fma(va, a0);
            long b1 = x[o1 + w] >>> sh;
            FloatVector m1 = PanamaBits.SIGN_TABLE_LANES
                    ? FloatVector.fromArray(F, PanamaBits.BIPOLAR_TABLE, ((int) b1 & (int) PanamaSupport.FL_MASK) * FL)
                    : PanamaBits.MASK_FROM_LONG
                    ? PanamaBits.MINUS_ONES.blend(1f, VectorMask.fromLong(F, b1 & PanamaSupport.FL_MASK))
                    : PanamaBits.MINUS_ONES.blend(1f, IntVector.broadcast(I, (int) b1).and(PanamaBits.LANE_BITS)
                            .compare(VectorOperators.NE, 0).cast(F));
            a1 = m1.fma(va, a1);
            long b2 = x[o2 + w] >>> sh;
            FloatVector m2 = PanamaBits.SIGN_TABLE_LANES
                    ? FloatVector.fromArray(F, PanamaBits.BIPOLAR_TABLE, ((int) b2 & (int) PanamaSupport.FL_MASK) * FL)
                    : PanamaBits.MASK_FROM_LONG
                    ? PanamaBits.MINUS_ONES.blend(1f, VectorMask.fromLong(F, b2 & PanamaSupport.FL_MASK))
                    : PanamaBits.MINUS_ONES.blend(1f, IntVector.broadcast(I, (int) b2).and(PanamaBits.LANE_BITS)
                            .compare(VectorOperators.NE, 0).cast(F));
            a2 = m2.fma(va, a2);
            long b3 = x[o3 + w] >>> sh;
            FloatVector m3 = PanamaBits.SIGN_TABLE_LANES
                    ? FloatVector.fromArray(F, PanamaBits.BIPOLAR_TABLE, ((int) b3 & (int) PanamaSupport.FL_MASK) * FL)
                    : PanamaBits.MASK_FROM_LONG
                    ? PanamaBits.MINUS_ONES.blend(1f, VectorMask.fromLong(F, b3 & PanamaSupport.FL_MASK))
                    : PanamaBits.MINUS_ONES.blend(1f, IntVector.broadcast(I, (int) b3).and(PanamaBits.LANE_BITS)
                            .compare(VectorOperators.NE, 0).cast(F));
            a3 = m3.fma(va, a3);
        }
        float s0 = sumLanes(a0);
        float s1 = sumLanes(a1);
        float s2 = sumLanes(a2);
        float s3 = sumLanes(a3);
        for (; c < len; c++) {
            float m = v[vOff + c];
            int w = c >>> 6;
            s0 += ((x[o0 + w] >>> c) & 1L) != 0 ? m : -m;
            s1 += ((x[o1 + w] >>> c) & 1L) != 0 ? m : -m;
            s2 += ((x[o2 + w] >>> c) & 1L) != 0 ? m : -m;
            s3 += ((x[o3 + w] >>> c) & 1L) != 0 ? m : -m;
        }
        out[outOff] = s0;
        out[outOff + 1] = s1;
        out[outOff + 2] = s2;
        out[outOff + 3] = s3;
    }

    static void matTVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        // four rows at a time, streaming through the rows in memory order: out[c] += Σ_{r..r+3} m[r][c] x[r].
        // (Walking a column block down all rows instead strides by the row length, which for power-of-two
        // lengths maps every row to the same L1 set.)
        int bound = F.loopBound(cols);
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int b0 = mOff + r * cols;
            int b1 = b0 + cols;
            int b2 = b1 + cols;
            int b3 = b2 + cols;
            FloatVector x0 = FloatVector.broadcast(F, x[xOff + r]);
            FloatVector x1 = FloatVector.broadcast(F, x[xOff + r + 1]);
            FloatVector x2 = FloatVector.broadcast(F, x[xOff + r + 2]);
            FloatVector x3 = FloatVector.broadcast(F, x[xOff + r + 3]);
            boolean first = r == 0;
            int c = 0;
            for (; c < bound; c += FL) {
                FloatVector o = first ? FloatVector.zero(F) : FloatVector.fromArray(F, out, outOff + c);
                o = FloatVector.fromArray(F, m, b0 + c).fma(x0, o);
                o = FloatVector.fromArray(F, m, b1 + c).fma(x1, o);
                o = FloatVector.fromArray(F, m, b2 + c).fma(x2, o);
                o = FloatVector.fromArray(F, m, b3 + c).fma(x3, o);
                o.intoArray(out, outOff + c);
            }
            for (; c < cols; c++) {
                float o = first ? 0f : out[outOff + c];
                o += m[b0 + c] * x[xOff + r];
                o += m[b1 + c] * x[xOff + r + 1];
                o += m[b2 + c] * x[xOff + r + 2];
                o += m[b3 + c] * x[xOff + r + 3];
                out[outOff + c] = o;
            }
        }
        if (r == 0) {
            for (int c = 0; c < cols; c++) {
                out[outOff + c] = 0f;
            }
        }
        for (; r < rows; r++) {
            PanamaKernels.INSTANCE.axpy(x[xOff + r], m, mOff + r * cols, out, outOff, cols);
        }
    }

    /** The vector loop of {@link PanamaKernels#axpy}, which says when it is used. */
    static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector av = FloatVector.broadcast(F, a);
        int bound = F.loopBound(len);
        int i = 0;
        for (; i < bound; i += FL) {
            FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }
}
