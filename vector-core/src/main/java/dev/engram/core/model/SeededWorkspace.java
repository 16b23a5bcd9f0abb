package dev.engram.core.model;

import dev.engram.api.RecallWorkspace;

/**
 * A recall workspace with a small SplitMix64 generator. The built-in models reseed it at the start of every
 * recall from the model's seed and the probe, so asynchronous recall visits neurons in a seeded random order
 * and the same probe gives the same answer in any thread and with any workspace.
 */
public abstract class SeededWorkspace extends RecallWorkspace {
    private long rng;

    /** Reseeds from the model seed and the probe's words. */
    public final void reseed(long seed, long[] probe, int words) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < words; i++) {
            h = ModelSupport.mix(h ^ probe[i]) + 0x632BE59BD9B4E019L;
        }
        rng = h;
    }

    /** Uniform integer in [0, bound). */
    public final int nextInt(int bound) {
        rng += 0x9E3779B97F4A7C15L;
        long z = ModelSupport.mix(rng);
        return (int) (((z >>> 32) * bound) >>> 32);
    }

    /** Fisher-Yates shuffle of the first {@code len} entries. */
    public final void shuffle(int[] a, int len) {
        for (int i = len - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Records the statistics of the recall just finished. */
    public final void finish(int steps, boolean converged, double energy) {
        setResult(steps, converged, energy);
    }
}
