package dev.engram.api;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An immutable dense vector of finite floats: real-valued memories, keys and values, and masked probes in
 * which 0 marks an unknown component. Its dimension is at least 1. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class RealVector {
    private final float[] values;

    private RealVector(float[] values) {
        this.values = values;
    }

    /**
     * From values (copied); each must be finite.
     *
     * @param values the components, in order
     * @return the vector of dimension {@code values.length}
     * @throws IllegalArgumentException when the array is empty or a value is NaN or infinite
     */
    public static RealVector of(float... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("vector dimension must be at least 1, got 0");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("component " + i + " is " + values[i] + "; expected a finite value");
            }
        }
        return new RealVector(values.clone());
    }

    static RealVector wrapUnchecked(float[] values) {
        return new RealVector(values);
    }

    /**
     * Zero vector (every component unknown, as a probe).
     *
     * @param n the dimension
     * @return the vector
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static RealVector zeros(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("vector dimension must be at least 1, got " + n);
        }
        return new RealVector(new float[n]);
    }

    /**
     * The pattern with a uniformly chosen {@code fraction} of its components replaced by 0 (unknown): the
     * masked probe of the key-value and modern Hopfield papers.
     *
     * @param p        the pattern, whose ±1 components the others keep
     * @param fraction the fraction of components to hide, from 0 to 1 ({@code round(fraction · N)} of them)
     * @param rng      the source of randomness
     * @return the masked vector, of the pattern's dimension
     * @throws IllegalArgumentException when {@code fraction} is outside [0, 1] or NaN
     */
    public static RealVector masked(BipolarPattern p, double fraction, RandomGenerator rng) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("mask fraction is " + fraction + "; accepted: 0 to 1");
        }
        int n = p.size();
        int count = (int) Math.round(fraction * n);
        float[] v = p.toFloatArray();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int j = 0; j < count; j++) {
            int r = j + rng.nextInt(n - j);
            int t = idx[j];
            idx[j] = idx[r];
            idx[r] = t;
            v[idx[j]] = 0f;
        }
        return new RealVector(v);
    }

    /**
     * The dimension: the number of components.
     *
     * @return the dimension, at least 1
     */
    public int size() {
        return values.length;
    }

    /**
     * Component {@code i}.
     *
     * @param i the index, from 0 to {@code size() - 1}
     * @return the component, finite
     * @throws ArrayIndexOutOfBoundsException when {@code i} is outside the dimension
     */
    public float get(int i) {
        return values[i];
    }

    /**
     * A fresh copy of the values.
     *
     * @return a new array of length {@code size()}
     */
    public float[] toArray() {
        return values.clone();
    }

    /**
     * Copies the components into {@code dst} at {@code offset}.
     *
     * @param dst    the destination
     * @param offset index in {@code dst} of component 0
     * @throws IndexOutOfBoundsException when the {@code size()} components do not fit from {@code offset}
     */
    public void copyTo(float[] dst, int offset) {
        System.arraycopy(values, 0, dst, offset, values.length);
    }

    /**
     * Throws when {@code other} has a different dimension.
     *
     * @param other the other vector
     * @throws DimensionMismatchException when the dimensions differ (expected this one's, actual {@code other}'s)
     */
    public void requireSameDimension(RealVector other) {
        if (other.values.length != values.length) {
            throw new DimensionMismatchException(values.length, other.values.length,
                    "dimension mismatch: " + other.values.length + " versus " + values.length);
        }
    }

    /**
     * Sign of each component (> 0 gives +1, otherwise -1).
     *
     * @return the pattern, of the same dimension
     */
    public BipolarPattern sign() {
        return BipolarPattern.signOf(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RealVector r && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /**
     * The components, as {@link Arrays#toString(float[])} writes them.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
