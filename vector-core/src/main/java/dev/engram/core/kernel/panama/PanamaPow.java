package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;

import jdk.incubator.vector.FloatVector;

/**
 * Powers x^e of a run of floats, lane by lane, in passes over arrays: every squaring and every multiplication of
 * the repeated squaring is one short loop over the run (load, multiply, store), with the exponent's bits read
 * between the loops. The products are those of the scalar reference ({@code ScalarKernels.pow}: the trailing zero
 * bits of e as squarings of x, then for each further bit a squaring of b and, where the bit is set, r·b), so the
 * bits are the same.
 *
 * <p>Why passes over arrays and not a power of a vector held in registers: a vector power carried through
 * branches or a loop on e is a value C2 keeps in registers only when it inlines the power into the kernel's loop,
 * and whether it does depends on what the JVM ran before. Written as a method on {@code FloatVector}, the power was
 * inlined in one JVM and not in the next: after training at n = 4, training at n = 10 allocated 0.8 MB per
 * classifier step and 14 MB per step with every neuron trained (boxed vectors, on AVX2 and AVX-512 alike). Here
 * no vector lives across a loop iteration or a call: there is nothing to box, whatever C2 inlines. The runs are a
 * DAM's memories (K floats, in L1), so the extra loads and stores cost little beside the matrix products.
 *
 * <p>The kernels take their scratch from {@link #scratch}: per thread, grown to the largest run seen, so that a
 * warm kernel allocates nothing.
 */
final class PanamaPow {
    private PanamaPow() {
    }

    /** A thread's scratch: the arguments of a kernel's powers, the powers, and the squares between. */
    static final class Scratch {
        float[] args = new float[0];
        float[] pow = new float[0];
        float[] sq = new float[0];

        Scratch ensure(int argsLen, int powLen) {
            if (args.length < argsLen) {
                args = new float[argsLen];
            }
            if (pow.length < powLen) {
                pow = new float[powLen];
                sq = new float[powLen];
            }
            return this;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** This thread's scratch, with room for {@code argsLen} arguments and {@code powLen} powers. */
    static Scratch scratch(int argsLen, int powLen) {
        return SCRATCH.get().ensure(argsLen, powLen);
    }

    /**
     * {@code r[off..off+len) ← r^e} lane by lane, e ≥ 0, {@code len} a multiple of the vector length;
     * {@code sq} receives the squares ({@code len} floats from 0).
     */
    static void powInPlace(float[] r, int off, int len, int e, float[] sq) {
        if (e == 0) {
            FloatVector one = FloatVector.broadcast(F, 1f);
            for (int i = 0; i < len; i += FL) {
                one.intoArray(r, off + i);
            }
            return;
        }
        int tz = Integer.numberOfTrailingZeros(e);
        for (int t = 0; t < tz; t++) {
            square(r, off, len);
        }
        int rest = e >>> (tz + 1);
        if (rest == 0) {
            return;
        }
        squareInto(r, off, sq, len);
        for (;;) {
            if ((rest & 1) != 0) {
                multiply(r, off, sq, len);
            }
            rest >>>= 1;
            if (rest == 0) {
                return;
            }
            square(sq, 0, len);
        }
    }

    private static void square(float[] a, int off, int len) {
        for (int i = 0; i < len; i += FL) {
            FloatVector v = FloatVector.fromArray(F, a, off + i);
            v.mul(v).intoArray(a, off + i);
        }
    }

    private static void squareInto(float[] a, int off, float[] out, int len) {
        for (int i = 0; i < len; i += FL) {
            FloatVector v = FloatVector.fromArray(F, a, off + i);
            v.mul(v).intoArray(out, i);
        }
    }

    private static void multiply(float[] r, int off, float[] b, int len) {
        for (int i = 0; i < len; i += FL) {
            FloatVector.fromArray(F, r, off + i).mul(FloatVector.fromArray(F, b, i)).intoArray(r, off + i);
        }
    }
}
