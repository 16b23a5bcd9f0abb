package dev.engram.core.model;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Small helpers shared by the built-in models: argument checks, packed states, state I/O. */
public final class ModelSupport {
    private ModelSupport() {
    }

    /**
     * Checks that {@code words} holds a packed bipolar state of dimension {@code n} (enough words, unused high
     * bits of the last word zero).
     */
    public static void requirePacked(long[] words, int n, String what) {
        int nw = BipolarPattern.wordsFor(n);
        if (words == null || words.length < nw) {
            throw new IllegalArgumentException(what + " needs " + nw + " packed words for dimension " + n + ", got "
                    + (words == null ? "null" : words.length));
        }
        if ((words[nw - 1] & ~BipolarPattern.lastWordMask(n)) != 0) {
            throw new IllegalArgumentException(what + " has bits set above dimension " + n + "; they must be zero");
        }
    }

    /** Checks the output array of a recall. */
    public static void requireOut(long[] out, int n) {
        int nw = BipolarPattern.wordsFor(n);
        if (out == null || out.length < nw) {
            throw new IllegalArgumentException("output needs " + nw + " packed words for dimension " + n + ", got "
                    + (out == null ? "null" : out.length));
        }
    }

    /** Checks a mask against a model's dimension ({@code null} = all neurons is fine). */
    public static void requireMask(NeuronMask mask, int n) {
        if (mask != null) {
            mask.requireDimension(n);
        }
    }

    /** Component {@code i} of a packed state as ±1. */
    public static float sign(long[] state, int i) {
        return ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
    }

    /** Unpacks {@code n} components into ±1 floats. */
    public static void unpack(long[] state, int n, float[] out) {
        unpack(state, n, out, 0);
    }

    /** Unpacks {@code n} components into ±1 floats at {@code out[off..]}. */
    public static void unpack(long[] state, int n, float[] out, int off) {
        for (int i = 0; i < n; i++) {
            out[off + i] = ((state[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
        }
    }

    /** Sets component {@code i} of a packed state to +1 ({@code plus}) or -1. */
    public static void set(long[] state, int i, boolean plus) {
        if (plus) {
            state[i >>> 6] |= 1L << i;
        } else {
            state[i >>> 6] &= ~(1L << i);
        }
    }

    /** True when the first {@code words} words of {@code a} and {@code b} are equal. */
    public static boolean sameWords(long[] a, long[] b, int words) {
        for (int i = 0; i < words; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes a float array (length first). */
    public static void writeFloats(DataOutput out, float[] a, int len) throws IOException {
        out.writeInt(len);
        for (int i = 0; i < len; i++) {
            out.writeFloat(a[i]);
        }
    }

    /**
     * Reads a float array of exactly {@code expected} values (length prefix checked, and checked against the bytes
     * the input has left before anything is allocated).
     */
    public static float[] readFloats(DataInput in, long expected, String what) throws IOException {
        int len = in.readInt();
        if (len != expected) {
            throw new IOException(what + ": expected " + expected + " values, the state says " + len);
        }
        requireRemaining(in, 4L * len, what);
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = in.readFloat();
            if (!Float.isFinite(a[i])) {
                throw new IOException(what + ": value " + i + " is " + a[i] + "; expected a finite number");
            }
        }
        return a;
    }

    /**
     * Checks that {@code in} has at least {@code bytes} left when it can tell (a stream over a model file's
     * payload can), so that a length field in a corrupt file cannot make the reader allocate what the file does
     * not hold.
     */
    public static void requireRemaining(DataInput in, long bytes, String what) throws IOException {
        if (in instanceof java.io.InputStream is) {
            int left = is.available();
            if (bytes > left) {
                throw new IOException(what + " need " + bytes + " bytes; the state has " + left + " left (truncated or malformed)");
            }
        }
    }

    /** Writes a long array (length first). */
    public static void writeLongs(DataOutput out, long[] a, int len) throws IOException {
        out.writeInt(len);
        for (int i = 0; i < len; i++) {
            out.writeLong(a[i]);
        }
    }

    /** Reads a long array of exactly {@code expected} values (length prefix checked, and against the bytes left). */
    public static long[] readLongs(DataInput in, long expected, String what) throws IOException {
        int len = in.readInt();
        if (len != expected) {
            throw new IOException(what + ": expected " + expected + " words, the state says " + len);
        }
        requireRemaining(in, 8L * len, what);
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    /** Reads a count in {@code [0, max]}. */
    public static int readCount(DataInput in, int max, String what) throws IOException {
        int k = in.readInt();
        if (k < 0 || k > max) {
            throw new IOException(what + " is " + k + "; expected 0 to " + max);
        }
        return k;
    }

    /** The kernels' name, for messages. */
    public static String describe(Kernels k) {
        return k.name();
    }
}
