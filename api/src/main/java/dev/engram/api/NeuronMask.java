package dev.engram.api;

import java.util.Arrays;

/**
 * An immutable set of neuron indices in {@code [0, dimension)}: the neurons a recall may update (the others
 * stay clamped) or the neurons whose outputs are trained.
 */
public final class NeuronMask {
    private final int dimension;
    private final int[] indices;

    private NeuronMask(int dimension, int[] indices) {
        this.dimension = dimension;
        this.indices = indices;
    }

    /** Every neuron. */
    public static NeuronMask all(int dimension) {
        return range(dimension, 0, dimension);
    }

    /** Neurons {@code from} (inclusive) to {@code to} (exclusive). */
    public static NeuronMask range(int dimension, int from, int to) {
        if (dimension <= 0 || from < 0 || to > dimension || from >= to) {
            throw new IllegalArgumentException("neuron range [" + from + ", " + to + ") is not a non-empty part of [0, " + dimension + ")");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new NeuronMask(dimension, idx);
    }

    /** The given neurons (sorted, duplicates rejected). */
    public static NeuronMask of(int dimension, int... neurons) {
        if (neurons.length == 0) {
            throw new IllegalArgumentException("a neuron mask needs at least one neuron");
        }
        int[] idx = neurons.clone();
        Arrays.sort(idx);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= dimension) {
                throw new IllegalArgumentException("neuron " + idx[i] + " is outside [0, " + dimension + ")");
            }
            if (i > 0 && idx[i] == idx[i - 1]) {
                throw new IllegalArgumentException("neuron " + idx[i] + " is listed twice");
            }
        }
        return new NeuronMask(dimension, idx);
    }

    public int dimension() {
        return dimension;
    }

    public int count() {
        return indices.length;
    }

    /** The {@code j}-th neuron of the mask, in increasing order. */
    public int neuron(int j) {
        return indices[j];
    }

    public int[] indices() {
        return indices.clone();
    }

    public boolean isAll() {
        return indices.length == dimension;
    }

    public boolean contains(int neuron) {
        return Arrays.binarySearch(indices, neuron) >= 0;
    }

    /** Throws when this mask was made for another dimension. */
    public void requireDimension(int n) {
        if (n != dimension) {
            throw new DimensionMismatchException(n, dimension, "neuron mask is for dimension " + dimension + ", model has " + n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronMask m && m.dimension == dimension && Arrays.equals(m.indices, indices);
    }

    @Override
    public int hashCode() {
        return 31 * dimension + Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return isAll() ? "all(" + dimension + ")" : indices.length + " of " + dimension + " neurons";
    }
}
