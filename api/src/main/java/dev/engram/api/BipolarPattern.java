package dev.engram.api;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An immutable vector of ±1 values packed into {@code long} words: bit {@code i % 64} of word
 * {@code i / 64} is set when component {@code i} is +1. The unused high bits of the last word are always
 * zero, so two patterns of the same dimension can be compared word by word.
 */
public final class BipolarPattern {
    private final int n;
    private final long[] words;

    private BipolarPattern(int n, long[] words) {
        this.n = n;
        this.words = words;
    }

    /** Number of {@code long} words that hold {@code n} packed components. */
    public static int wordsFor(int n) {
        return (n + 63) >>> 6;
    }

    /** Mask of the valid bits in the last word of an {@code n}-component pattern. */
    public static long lastWordMask(int n) {
        int r = n & 63;
        return r == 0 ? -1L : (1L << r) - 1;
    }

    private static void checkDimension(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("pattern dimension must be at least 1, got " + n);
        }
    }

    /** From values that must each be exactly +1 or -1. */
    public static BipolarPattern of(int... values) {
        checkDimension(values.length);
        long[] w = new long[wordsFor(values.length)];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v == 1) {
                w[i >>> 6] |= 1L << i;
            } else if (v != -1) {
                throw new IllegalArgumentException("component " + i + " is " + v + "; a bipolar pattern accepts only +1 or -1");
            }
        }
        return new BipolarPattern(values.length, w);
    }

    /** From bytes that must each be exactly +1 or -1. */
    public static BipolarPattern of(byte[] values) {
        checkDimension(values.length);
        long[] w = new long[wordsFor(values.length)];
        for (int i = 0; i < values.length; i++) {
            byte v = values[i];
            if (v == 1) {
                w[i >>> 6] |= 1L << i;
            } else if (v != -1) {
                throw new IllegalArgumentException("component " + i + " is " + v + "; a bipolar pattern accepts only +1 or -1");
            }
        }
        return new BipolarPattern(values.length, w);
    }

    /** From floats that must each be exactly +1 or -1 (NaN and every other value are rejected). */
    public static BipolarPattern of(float[] values) {
        checkDimension(values.length);
        long[] w = new long[wordsFor(values.length)];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v == 1f) {
                w[i >>> 6] |= 1L << i;
            } else if (v != -1f) {
                throw new IllegalArgumentException("component " + i + " is " + v + "; a bipolar pattern accepts only +1 or -1");
            }
        }
        return new BipolarPattern(values.length, w);
    }

    /** The sign of each value: {@code > 0} gives +1, everything else (0 included) -1; NaN is rejected. */
    public static BipolarPattern signOf(float[] values) {
        checkDimension(values.length);
        long[] w = new long[wordsFor(values.length)];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("component " + i + " is NaN; expected a finite value");
            }
            if (v > 0f) {
                w[i >>> 6] |= 1L << i;
            }
        }
        return new BipolarPattern(values.length, w);
    }

    /** From a string of {@code +} and {@code -} characters (white space is ignored). */
    public static BipolarPattern parse(String s) {
        String t = s.replaceAll("\\s+", "");
        checkDimension(t.length());
        long[] w = new long[wordsFor(t.length())];
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '+') {
                w[i >>> 6] |= 1L << i;
            } else if (c != '-') {
                throw new IllegalArgumentException("character " + i + " is '" + c + "'; a pattern string accepts only '+' and '-'");
            }
        }
        return new BipolarPattern(t.length(), w);
    }

    /** From packed words (copied); the unused high bits of the last word must be zero. */
    public static BipolarPattern fromWords(long[] words, int n) {
        return fromWords(words, 0, n);
    }

    /** From packed words starting at {@code offset} (copied); the unused high bits of the last word must be zero. */
    public static BipolarPattern fromWords(long[] words, int offset, int n) {
        checkDimension(n);
        int nw = wordsFor(n);
        if (offset < 0 || offset + nw > words.length) {
            throw new IllegalArgumentException("need " + nw + " words at offset " + offset + " for dimension " + n
                    + ", array has " + words.length);
        }
        long[] w = Arrays.copyOfRange(words, offset, offset + nw);
        if ((w[nw - 1] & ~lastWordMask(n)) != 0) {
            throw new IllegalArgumentException("bits above dimension " + n + " are set in the last word; they must be zero");
        }
        return new BipolarPattern(n, w);
    }

    /** Uniformly random pattern. */
    public static BipolarPattern random(int n, RandomGenerator rng) {
        checkDimension(n);
        long[] w = new long[wordsFor(n)];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextLong();
        }
        w[w.length - 1] &= lastWordMask(n);
        return new BipolarPattern(n, w);
    }

    /** The pattern with every component equal to {@code value} (+1 or -1). */
    public static BipolarPattern constant(int n, int value) {
        checkDimension(n);
        if (value != 1 && value != -1) {
            throw new IllegalArgumentException("value is " + value + "; accepted: +1 or -1");
        }
        long[] w = new long[wordsFor(n)];
        if (value == 1) {
            Arrays.fill(w, -1L);
            w[w.length - 1] &= lastWordMask(n);
        }
        return new BipolarPattern(n, w);
    }

    public int size() {
        return n;
    }

    /** Number of packed words. */
    public int wordCount() {
        return words.length;
    }

    /** Component {@code i}: +1 or -1. */
    public int get(int i) {
        checkIndex(i);
        return (int) ((words[i >>> 6] >>> i) & 1L) * 2 - 1;
    }

    /** True when component {@code i} is +1. */
    public boolean isPlus(int i) {
        checkIndex(i);
        return ((words[i >>> 6] >>> i) & 1L) != 0;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + " is outside the pattern's dimension " + n);
        }
    }

    /** A copy with component {@code i} negated. */
    public BipolarPattern flip(int i) {
        checkIndex(i);
        long[] w = words.clone();
        w[i >>> 6] ^= 1L << i;
        return new BipolarPattern(n, w);
    }

    /** A copy with component {@code i} set to {@code value} (+1 or -1). */
    public BipolarPattern with(int i, int value) {
        checkIndex(i);
        if (value != 1 && value != -1) {
            throw new IllegalArgumentException("value is " + value + "; accepted: +1 or -1");
        }
        long[] w = words.clone();
        if (value == 1) {
            w[i >>> 6] |= 1L << i;
        } else {
            w[i >>> 6] &= ~(1L << i);
        }
        return new BipolarPattern(n, w);
    }

    /** The componentwise negation. */
    public BipolarPattern negate() {
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = ~words[i];
        }
        w[w.length - 1] &= lastWordMask(n);
        return new BipolarPattern(n, w);
    }

    /** A copy with each component flipped independently with probability {@code p}. */
    public BipolarPattern corrupt(double p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability is " + p + "; accepted: 0 to 1");
        }
        long[] w = words.clone();
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() < p) {
                w[i >>> 6] ^= 1L << i;
            }
        }
        return new BipolarPattern(n, w);
    }

    /** A copy with exactly {@code count} distinct components flipped, chosen uniformly. */
    public BipolarPattern flipRandom(int count, RandomGenerator rng) {
        if (count < 0 || count > n) {
            throw new IllegalArgumentException("flip count is " + count + "; accepted: 0 to " + n);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        long[] w = words.clone();
        for (int j = 0; j < count; j++) {
            int r = j + rng.nextInt(n - j);
            int t = idx[j];
            idx[j] = idx[r];
            idx[r] = t;
            w[idx[j] >>> 6] ^= 1L << idx[j];
        }
        return new BipolarPattern(n, w);
    }

    /** Dot product with another pattern of the same dimension: N - 2 * hamming. */
    public int overlap(BipolarPattern other) {
        return n - 2 * hamming(other);
    }

    /** Number of components in which the two patterns differ. */
    public int hamming(BipolarPattern other) {
        requireSameDimension(other);
        int d = 0;
        for (int i = 0; i < words.length; i++) {
            d += Long.bitCount(words[i] ^ other.words[i]);
        }
        return d;
    }

    /** Throws when {@code other} has a different dimension. */
    public void requireSameDimension(BipolarPattern other) {
        if (other.n != n) {
            throw new DimensionMismatchException(n, other.n, "dimension mismatch: " + other.n + " versus " + n);
        }
    }

    /** Number of +1 components. */
    public int plusCount() {
        int c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /** A fresh copy of the packed words. */
    public long[] words() {
        return words.clone();
    }

    /** Copies the packed words into {@code dst} at {@code offset}. */
    public void copyWordsTo(long[] dst, int offset) {
        System.arraycopy(words, 0, dst, offset, words.length);
    }

    /** The components as ints (+1/-1). */
    public int[] toIntArray() {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = (int) ((words[i >>> 6] >>> i) & 1L) * 2 - 1;
        }
        return a;
    }

    /** The components as floats (+1/-1). */
    public float[] toFloatArray() {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = ((words[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
        }
        return a;
    }

    /** Writes the components as floats (+1/-1) into {@code dst} at {@code offset}. */
    public void copyFloatsTo(float[] dst, int offset) {
        for (int i = 0; i < n; i++) {
            dst[offset + i] = ((words[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
        }
    }

    /** The pattern as a {@link RealVector} of ±1 values. */
    public RealVector toRealVector() {
        return RealVector.wrapUnchecked(toFloatArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BipolarPattern p && p.n == n && Arrays.equals(p.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * n + Arrays.hashCode(words);
    }

    /** The pattern as a string of {@code +} and {@code -}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(((words[i >>> 6] >>> i) & 1L) != 0 ? '+' : '-');
        }
        return sb.toString();
    }
}
