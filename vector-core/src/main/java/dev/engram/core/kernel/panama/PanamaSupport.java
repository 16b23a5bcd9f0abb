package dev.engram.core.kernel.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species every Panama kernel uses, as {@code static final} constants so that C2 treats them as
 * constants, and what the kernel families share. Loading this class requires the module {@code jdk.incubator.vector}.
 */
public final class PanamaSupport {
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED;
    public static final VectorSpecies<Long> LONG = LongVector.SPECIES_PREFERRED;
    /** Int lanes of the same shape as {@link #FLOAT} (for sign-bit arithmetic on floats). */
    public static final VectorSpecies<Integer> INT = FLOAT.withLanes(int.class);
    /** Int lanes as many as {@link #LONG} has (half its width): the target of narrowing long lanes to int. */
    public static final VectorSpecies<Integer> INT_FOR_LONG =
            IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(LONG.vectorBitSize() / 2));

    // The short names the kernel bodies use (static imports in the family classes), and the lane counts.
    static final VectorSpecies<Float> F = FLOAT;
    static final VectorSpecies<Long> L = LONG;
    static final VectorSpecies<Integer> I = INT;
    static final int FL = F.length();
    static final int LL = L.length();
    /** The low {@code FL} bits set: one float vector's worth of packed bits. */
    static final long FL_MASK = FL == 64 ? -1L : (1L << FL) - 1;

    private PanamaSupport() {
    }

    /** The preferred vector width of this machine in bits. */
    public static int preferredBitSize() {
        return FLOAT.vectorBitSize();
    }

    /**
     * Per-thread room for 4 vectors' lanes ({@link #storedLaneSum}). A kernel stores an accumulator here with
     * {@code intoArray} and sums the floats: the same additions as {@link #sumLanes}, without passing the vector to
     * a method that C2 may not inline (then the vector is boxed; whether it inlines depends on what was compiled
     * before: the softmax step's exponentials, 64 bytes per block on 8 lanes).
     */
    static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[4 * FL]);

    /** The FL floats from {@code off} summed in index order: {@link #sumLanes} of a stored vector. */
    static float storedLaneSum(float[] lanes, int off) {
        float d = 0f;
        for (int l = off; l < off + FL; l++) {
            d += lanes[l];
        }
        return d;
    }

    /**
     * Sum of the lanes in index order. {@code reduceLanes(ADD)} on floats has no specified order, and C2
     * reorders it (JDK 23+) while the interpreter sums sequentially, so a kernel's result depended on whether
     * it was compiled yet: the same seed gave different numbers within one JVM (seen as flaky resume and
     * same-seed tests). Lane-wise add, mul and fma are exact IEEE operations in both modes, so with this
     * reduction, and {@link #exp} instead of the Vector API's EXP, the float kernels give the same bits
     * interpreted or compiled.
     */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < FL; l++) {
            s += v.lane(l);
        }
        return s;
    }

    // exp: Cody–Waite reduction and Cephes' expf polynomial
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float EXP_MAX = 89f;
    private static final float EXP_MIN = -104f;

    /**
     * e^x per lane, within 2 ulp of {@link Math#exp} (tested), overflow to +∞ above about 88.72, subnormal
     * results down to about −103.3 and 0 below, NaN for NaN. Made of lane-wise add, mul, fma, min, max, shifts and
     * bit reinterpretations only, which are exact IEEE operations in the interpreter and in compiled code; the
     * Vector API's {@code EXP} is not (compiled, it is a vector math library's routine, interpreted a loop over
     * {@code Math.exp}), so a softmax gave different last bits before and after C2 compiled it, and a seeded
     * search comparing such losses could take another path depending on the JIT's timing.
     */
    static FloatVector exp(FloatVector x) {
        // clamp by compare and blend (lane-wise MIN/MAX with Math.min/max's NaN and −0 rules cost several
        // instructions each on x86); a NaN lane stays NaN through every step and comes out NaN
        FloatVector xc = x.blend(EXP_MIN, x.lt(EXP_MIN));
        xc = xc.blend(EXP_MAX, xc.compare(jdk.incubator.vector.VectorOperators.GT, EXP_MAX));
        FloatVector t = xc.fma(LOG2E, ROUND);                 // round(x log2 e) + 1.5 · 2^23
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        // e^r = 1 + r + r² P(r), P of degree 5 (Cephes' expf coefficients) in Estrin's form: three FMAs deep
        // instead of Horner's five
        FloatVector rr = r.mul(r);
        FloatVector q0 = r.fma(1.6666665459e-1f, 5.0000001201e-1f);
        FloatVector q1 = r.fma(8.3334519073e-3f, 4.1665795894e-2f);
        FloatVector q2 = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        FloatVector poly = q2.fma(rr, q1).fma(rr, q0);
        FloatVector e = poly.fma(rr, r).add(1f);              // e^r, |r| <= ln 2 / 2
        // 2^n as two factors 2^(n/2) 2^(n - n/2), each a normal float for n in [-150, 129]
        IntVector ni = t.reinterpretAsInts().sub(ROUND_BITS);
        IntVector n1 = ni.lanewise(jdk.incubator.vector.VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(jdk.incubator.vector.VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(jdk.incubator.vector.VectorOperators.LSHL, 23).reinterpretAsFloats();
        return e.mul(s1).mul(s2);
    }
}
