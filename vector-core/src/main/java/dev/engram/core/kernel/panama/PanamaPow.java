package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.F;
import static dev.engram.core.kernel.panama.PanamaSupport.FL;

import jdk.incubator.vector.FloatVector;

/**
 * Powers x^e of a run of floats, lane by lane, in passes over arrays: each bit of the exponent is one short loop
 * over the run (load the square x^(2^j), multiply it into the power where the bit is set, store; square it for
 * the next bit), with the exponent's bits read between the loops; two exponents of one run (F = a^n and
 * F' ∝ a^(n−1)) share the passes. The products are those of the scalar reference ({@code ScalarKernels.pow}), so
 * the bits are the same.
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
        float[] d = new float[0];   // a second power's run, for kernels whose output is not contiguous
        final int[] oneOff = new int[1];       // a one-neuron block's column offset, value and sum
        final float[] oneSign = new float[1];
        final float[] oneSum = new float[1];

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

        Scratch ensureD(int len) {
            if (d.length < len) {
                d = new float[len];
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
     * Two powers of one run at once: {@code rn[rnOff..) ← x^en} and, when {@code rd} is not null,
     * {@code rd[rdOff..) ← x^ed}, where x is {@code base[0..len)} (overwritten: it holds the squares). en, ed ≥ 0,
     * {@code len} a multiple of the vector length. The two exponents share the squares x^(2^j), and the bits are
     * taken two at a time: one pass per pair of bits ({@link #pass2}: the square's lane loaded, multiplied into the
     * powers whose bit is set, the first set bit assigning it: 1·b = b; squared twice for the next pair), and
     * {@link #pass} for a last odd bit. These are the scalar reference's products
     * ({@code r = 1; b = x; per bit: r *= b where set, b *= b}), so the same bits.
     */
    static void powers(float[] base, int len, float[] rn, int rnOff, int en, float[] rd, int rdOff, int ed) {
        boolean two = rd != null;
        int bits = two ? en | ed : en;
        if (en == 0) {
            fill(rn, rnOff, len);
        }
        if (two && ed == 0) {
            fill(rd, rdOff, len);
        }
        boolean firstN = true;
        boolean firstD = true;
        for (int j = 0; (bits >>> j) != 0; j += 2) {
            int n0 = ((en >>> j) & 1) == 0 ? 0 : firstN ? 1 : 2;
            int d0 = !two || ((ed >>> j) & 1) == 0 ? 0 : firstD ? 1 : 2;
            firstN &= n0 == 0;
            firstD &= d0 == 0;
            if ((bits >>> (j + 1)) == 0) {
                pass(base, len, rn, rnOff, n0, rd, rdOff, d0, false);
                return;
            }
            int n1 = ((en >>> (j + 1)) & 1) == 0 ? 0 : firstN ? 1 : 2;
            int d1 = !two || ((ed >>> (j + 1)) & 1) == 0 ? 0 : firstD ? 1 : 2;
            firstN &= n1 == 0;
            firstD &= d1 == 0;
            pass2(base, len, rn, rnOff, n0, n1, rd, rdOff, d0, d1, (bits >>> (j + 2)) != 0);
        }
    }

    /**
     * Two bits' pass, j and j + 1: the square b = x^(2^j) loaded once and b² taken in registers; a power whose bit
     * j is set takes b, whose bit j + 1 is set takes b² after it, in that order ({@code (r·b)·b²}, the scalar
     * reference's order); then b⁴ stored where {@code square}. Modes as in {@link #pass}: 0 leaves, 1 sets (the
     * power's first set bit), 2 multiplies. Each branch stores its own result (no vector merges between branches).
     * The two powers' branches are written out twice on purpose: a helper taking b and b² would pass vectors
     * across a call, which is what boxed (see the class comment).
     */
    private static void pass2(float[] base, int len, float[] rn, int rnOff, int n0, int n1, float[] rd, int rdOff,
                              int d0, int d1, boolean square) {
        for (int i = 0; i < len; i += FL) {
            FloatVector b = FloatVector.fromArray(F, base, i);
            FloatVector b2 = b.mul(b);
            if (n1 == 0) {
                if (n0 == 1) {
                    b.intoArray(rn, rnOff + i);
                } else if (n0 == 2) {
                    FloatVector.fromArray(F, rn, rnOff + i).mul(b).intoArray(rn, rnOff + i);
                }
            } else if (n0 == 0) {
                if (n1 == 1) {
                    b2.intoArray(rn, rnOff + i);
                } else {
                    FloatVector.fromArray(F, rn, rnOff + i).mul(b2).intoArray(rn, rnOff + i);
                }
            } else if (n0 == 1) {
                b.mul(b2).intoArray(rn, rnOff + i);
            } else {
                FloatVector.fromArray(F, rn, rnOff + i).mul(b).mul(b2).intoArray(rn, rnOff + i);
            }
            if (d1 == 0) {
                if (d0 == 1) {
                    b.intoArray(rd, rdOff + i);
                } else if (d0 == 2) {
                    FloatVector.fromArray(F, rd, rdOff + i).mul(b).intoArray(rd, rdOff + i);
                }
            } else if (d0 == 0) {
                if (d1 == 1) {
                    b2.intoArray(rd, rdOff + i);
                } else {
                    FloatVector.fromArray(F, rd, rdOff + i).mul(b2).intoArray(rd, rdOff + i);
                }
            } else if (d0 == 1) {
                b.mul(b2).intoArray(rd, rdOff + i);
            } else {
                FloatVector.fromArray(F, rd, rdOff + i).mul(b).mul(b2).intoArray(rd, rdOff + i);
            }
            if (square) {
                b2.mul(b2).intoArray(base, i);
            }
        }
    }

    private static void fill(float[] r, int off, int len) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < len; i += FL) {
            one.intoArray(r, off + i);
        }
    }

    /**
     * One bit's pass: mode 0 leaves a power, 1 sets it to the square, 2 multiplies it by the square; then the
     * square squared where {@code square}. Each branch stores its own result (no vector merges between branches).
     */
    private static void pass(float[] base, int len, float[] rn, int rnOff, int modeN, float[] rd, int rdOff,
                             int modeD, boolean square) {
        for (int i = 0; i < len; i += FL) {
            FloatVector b = FloatVector.fromArray(F, base, i);
            if (modeN == 1) {
                b.intoArray(rn, rnOff + i);
            } else if (modeN == 2) {
                FloatVector.fromArray(F, rn, rnOff + i).mul(b).intoArray(rn, rnOff + i);
            }
            if (modeD == 1) {
                b.intoArray(rd, rdOff + i);
            } else if (modeD == 2) {
                FloatVector.fromArray(F, rd, rdOff + i).mul(b).intoArray(rd, rdOff + i);
            }
            if (square) {
                b.mul(b).intoArray(base, i);
            }
        }
    }
}
