package dev.engram.api;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An immutable vector of ±1 values packed into {@code long} words: bit {@code i % 64} of word
 * {@code i / 64} is set when component {@code i} is +1. The unused high bits of the last word are always
 * zero, so two patterns of the same dimension can be compared word by word.
 *
 * <p>Instances are immutable and safe to share between threads; every "modifying" method returns a new pattern.
 * Factories reject a dimension below 1 with an {@link IllegalArgumentException}.
 *
 * @since 0.2
 */
public final class BipolarPattern {
    private final int n;
    private final long[] words;

    private BipolarPattern(int n, long[] words) {
        this.n = n;
        this.words = words;
    }

    /**
     * Number of {@code long} words that hold {@code n} packed components: {@code ceil(n / 64)}.
     *
     * @param n the dimension
     * @return the number of words
     */
    public static int wordsFor(int n) {
        return (n + 63) >>> 6;
    }

    /**
     * Mask of the valid bits in the last word of an {@code n}-component pattern.
     *
     * @param n the dimension, at least 1
     * @return the low {@code n % 64} bits set, or all 64 when {@code n} is a multiple of 64
     */
    public static long lastWordMask(int n) {
        int r = n & 63;
        return r == 0 ? -1L : (1L << r) - 1;
    }

    private static void checkDimension(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("pattern dimension must be at least 1, got " + n);
        }
    }

    /**
     * From values that must each be exactly +1 or -1.
     *
     * @param values the components, in order; the array is not kept
     * @return the pattern of dimension {@code values.length}
     * @throws IllegalArgumentException when the array is empty or a value is neither +1 nor -1
     */
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

    /**
     * From bytes that must each be exactly +1 or -1.
     *
     * @param values the components, in order; the array is not kept
     * @return the pattern of dimension {@code values.length}
     * @throws IllegalArgumentException when the array is empty or a value is neither +1 nor -1
     */
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

    /**
     * From floats that must each be exactly +1 or -1 (NaN and every other value are rejected).
     *
     * @param values the components, in order; the array is not kept
     * @return the pattern of dimension {@code values.length}
     * @throws IllegalArgumentException when the array is empty or a value is neither +1 nor -1
     */
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

    /**
     * The sign of each value: {@code > 0} gives +1, everything else (0 included) -1; NaN is rejected.
     *
     * @param values the values, in order; the array is not kept
     * @return the pattern of dimension {@code values.length}
     * @throws IllegalArgumentException when the array is empty or a value is NaN
     */
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

    /**
     * From a string of {@code +} and {@code -} characters (white space is ignored); the inverse of {@link #toString()}.
     *
     * @param s the text, for example {@code "+-+ --+"}
     * @return the pattern, of dimension the number of {@code +} and {@code -} characters
     * @throws IllegalArgumentException when there is no such character, or another character than {@code +}, {@code -}
     *         and white space
     */
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

    /**
     * From packed words (copied); the unused high bits of the last word must be zero.
     *
     * @param words the packed components from index 0, at least {@code wordsFor(n)} words
     * @param n     the dimension
     * @return the pattern
     * @throws IllegalArgumentException when {@code n < 1}, the array is too short, or a bit above the dimension is set
     */
    public static BipolarPattern fromWords(long[] words, int n) {
        return fromWords(words, 0, n);
    }

    /**
     * From packed words starting at {@code offset} (copied); the unused high bits of the last word must be zero.
     *
     * @param words  the packed components
     * @param offset index of the first word
     * @param n      the dimension
     * @return the pattern
     * @throws IllegalArgumentException when {@code n < 1}, the words do not fit in the array from {@code offset}, or a
     *         bit above the dimension is set
     */
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

    /**
     * Uniformly random pattern: each component +1 or -1 with probability 1/2, independently.
     *
     * @param n   the dimension
     * @param rng the source of randomness (one {@code nextLong()} per word)
     * @return the pattern
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static BipolarPattern random(int n, RandomGenerator rng) {
        checkDimension(n);
        long[] w = new long[wordsFor(n)];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextLong();
        }
        w[w.length - 1] &= lastWordMask(n);
        return new BipolarPattern(n, w);
    }

    /**
     * The pattern with every component equal to {@code value} (+1 or -1).
     *
     * @param n     the dimension
     * @param value +1 or -1
     * @return the pattern
     * @throws IllegalArgumentException when {@code n < 1} or {@code value} is neither +1 nor -1
     */
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

    /**
     * The dimension: the number of components.
     *
     * @return the dimension, at least 1
     */
    public int size() {
        return n;
    }

    /**
     * Number of packed words, {@code wordsFor(size())}.
     *
     * @return the number of words
     */
    public int wordCount() {
        return words.length;
    }

    /**
     * Component {@code i}: +1 or -1.
     *
     * @param i the index, from 0 to {@code size() - 1}
     * @return +1 or -1
     * @throws IndexOutOfBoundsException when {@code i} is outside the dimension
     */
    public int get(int i) {
        checkIndex(i);
        return (int) ((words[i >>> 6] >>> i) & 1L) * 2 - 1;
    }

    /**
     * True when component {@code i} is +1.
     *
     * @param i the index, from 0 to {@code size() - 1}
     * @return whether the component is +1
     * @throws IndexOutOfBoundsException when {@code i} is outside the dimension
     */
    public boolean isPlus(int i) {
        checkIndex(i);
        return ((words[i >>> 6] >>> i) & 1L) != 0;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + " is outside the pattern's dimension " + n);
        }
    }

    /**
     * A copy with component {@code i} negated.
     *
     * @param i the index, from 0 to {@code size() - 1}
     * @return the new pattern
     * @throws IndexOutOfBoundsException when {@code i} is outside the dimension
     */
    public BipolarPattern flip(int i) {
        checkIndex(i);
        long[] w = words.clone();
        w[i >>> 6] ^= 1L << i;
        return new BipolarPattern(n, w);
    }

    /**
     * A copy with component {@code i} set to {@code value} (+1 or -1).
     *
     * @param i     the index, from 0 to {@code size() - 1}
     * @param value +1 or -1
     * @return the new pattern
     * @throws IndexOutOfBoundsException when {@code i} is outside the dimension
     * @throws IllegalArgumentException  when {@code value} is neither +1 nor -1
     */
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

    /**
     * The componentwise negation.
     *
     * @return the new pattern, at Hamming distance {@code size()} from this one
     */
    public BipolarPattern negate() {
        long[] w = new long[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = ~words[i];
        }
        w[w.length - 1] &= lastWordMask(n);
        return new BipolarPattern(n, w);
    }

    /**
     * A copy with each component flipped independently with probability {@code p}.
     *
     * @param p   the flip probability, from 0 to 1
     * @param rng the source of randomness (one {@code nextDouble()} per component)
     * @return the new pattern
     * @throws IllegalArgumentException when {@code p} is outside [0, 1] or NaN
     */
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

    /**
     * A copy with exactly {@code count} distinct components flipped, chosen uniformly.
     *
     * @param count the number of components to flip, from 0 to {@code size()}
     * @param rng   the source of randomness
     * @return the new pattern, at Hamming distance {@code count} from this one
     * @throws IllegalArgumentException when {@code count} is outside [0, {@code size()}]
     */
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

    /**
     * Dot product with another pattern of the same dimension: N - 2 * hamming.
     *
     * @param other the other pattern
     * @return the overlap, in [-N, N]
     * @throws DimensionMismatchException when the dimensions differ
     */
    public int overlap(BipolarPattern other) {
        return n - 2 * hamming(other);
    }

    /**
     * Number of components in which the two patterns differ.
     *
     * @param other the other pattern
     * @return the Hamming distance, in [0, N]
     * @throws DimensionMismatchException when the dimensions differ
     */
    public int hamming(BipolarPattern other) {
        requireSameDimension(other);
        int d = 0;
        for (int i = 0; i < words.length; i++) {
            d += Long.bitCount(words[i] ^ other.words[i]);
        }
        return d;
    }

    /**
     * Throws when {@code other} has a different dimension.
     *
     * @param other the other pattern
     * @throws DimensionMismatchException when the dimensions differ (expected this one's, actual {@code other}'s)
     */
    public void requireSameDimension(BipolarPattern other) {
        if (other.n != n) {
            throw new DimensionMismatchException(n, other.n, "dimension mismatch: " + other.n + " versus " + n);
        }
    }

    /**
     * Number of +1 components.
     *
     * @return the count, in [0, N]
     */
    public int plusCount() {
        int c = 0;
        for (long w : words) {
            c += Long.bitCount(w);
        }
        return c;
    }

    /**
     * A fresh copy of the packed words.
     *
     * @return {@link #wordCount()} words; changing them does not change the pattern
     */
    public long[] words() {
        return words.clone();
    }

    /**
     * Copies the packed words into {@code dst} at {@code offset}.
     *
     * @param dst    the destination
     * @param offset index in {@code dst} of the first word
     * @throws IndexOutOfBoundsException when the {@link #wordCount()} words do not fit from {@code offset}
     */
    public void copyWordsTo(long[] dst, int offset) {
        System.arraycopy(words, 0, dst, offset, words.length);
    }

    /**
     * The components as ints (+1/-1).
     *
     * @return a new array of length {@code size()}
     */
    public int[] toIntArray() {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = (int) ((words[i >>> 6] >>> i) & 1L) * 2 - 1;
        }
        return a;
    }

    /**
     * The components as floats (+1/-1).
     *
     * @return a new array of length {@code size()}
     */
    public float[] toFloatArray() {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = ((words[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
        }
        return a;
    }

    /**
     * Writes the components as floats (+1/-1) into {@code dst} at {@code offset}.
     *
     * @param dst    the destination
     * @param offset index in {@code dst} of component 0
     * @throws ArrayIndexOutOfBoundsException when the {@code size()} floats do not fit from {@code offset}
     */
    public void copyFloatsTo(float[] dst, int offset) {
        for (int i = 0; i < n; i++) {
            dst[offset + i] = ((words[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
        }
    }

    /**
     * The pattern as a {@link RealVector} of ±1 values.
     *
     * @return a new vector of dimension {@code size()}
     */
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

    /**
     * The pattern as a string of {@code +} and {@code -}, which {@link #parse} reads back.
     *
     * @return one character per component
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(((words[i >>> 6] >>> i) & 1L) != 0 ? '+' : '-');
        }
        return sb.toString();
    }
}
