package dev.engram.bench.kernels;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import dev.engram.core.kernel.KernelSelector;
import dev.engram.core.kernel.ScalarKernels;
import java.util.SplittableRandom;

/** Shared set-up of the kernel benchmarks: the two backends and seeded data. */
final class Backends {
    private Backends() {
    }

    /** {@code scalar} (the reference, whose loops C2 may auto-vectorise) or {@code panama} (forced; fails loudly). */
    static Kernels of(String backend) {
        return switch (backend) {
            case "scalar" -> ScalarKernels.INSTANCE;
            case "panama" -> KernelSelector.select("panama", false).kernels();
            default -> throw new IllegalArgumentException("backend '" + backend + "'; accepted: scalar, panama");
        };
    }

    /** An interaction from "kind:n", e.g. {@code polynomial:3}, {@code exponential}. */
    static Interaction interaction(String spec) {
        String[] p = spec.split(":");
        return Interaction.of(p[0], p.length > 1 ? Integer.parseInt(p[1]) : 1);
    }

    static float[] floats(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    /** {@code count} packed ±1 vectors of dimension {@code n}, unused high bits zero. */
    static long[] packed(SplittableRandom r, int count, int n) {
        int words = (n + 63) >>> 6;
        long[] a = new long[count * words];
        for (int v = 0; v < count; v++) {
            for (int w = 0; w < words; w++) {
                long bits = r.nextLong();
                int valid = Math.min(64, n - w * 64);
                a[v * words + w] = valid < 64 ? bits & ((1L << valid) - 1) : bits;
            }
        }
        return a;
    }

    /** Overlaps of a normalised DAM: integers in [-n, n] with the parity of n. */
    static float[] overlaps(SplittableRandom r, int k, int n) {
        float[] m = new float[k];
        for (int i = 0; i < k; i++) {
            m[i] = n - 2 * r.nextInt(n + 1);
        }
        return m;
    }
}
