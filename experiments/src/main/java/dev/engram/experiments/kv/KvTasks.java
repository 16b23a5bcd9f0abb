package dev.engram.experiments.kv;

import dev.engram.api.BipolarPattern;
import dev.engram.api.RealVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Task generators and scoring of the key-value memory experiments (Tyulmankov et al. 2021). */
public final class KvTasks {
    /** Fraction of a query's components set to 0 (unknown). */
    public static final double MASK = 0.6;

    private KvTasks() {
    }

    /** A seed derived from a base seed and indices (same inputs, same seed). */
    public static long seed(long base, long... parts) {
        long h = base * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (long p : parts) {
            h = Long.rotateLeft(h ^ (p * 0xBF58476D1CE4E5B9L), 27) * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL;
        }
        return h ^ (h >>> 31);
    }

    /** {@code count} uniformly random ±1 patterns. */
    public static List<BipolarPattern> random(int count, int d, SplittableRandom rng) {
        List<BipolarPattern> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(BipolarPattern.random(d, rng));
        }
        return out;
    }

    /**
     * {@code count} patterns correlated through a random template: each component of each item is the
     * template's, redrawn uniformly with probability {@code 1 - rho}.
     */
    public static List<BipolarPattern> correlated(int count, int d, double rho, SplittableRandom rng) {
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("correlation rho is " + rho + "; accepted: 0 to 1");
        }
        int[] template = BipolarPattern.random(d, rng).toIntArray();
        List<BipolarPattern> out = new ArrayList<>(count);
        int[] v = new int[d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                v[j] = rng.nextDouble() < 1 - rho ? (rng.nextBoolean() ? 1 : -1) : template[j];
            }
            out.add(BipolarPattern.of(v));
        }
        return out;
    }

    /** The 60%-masked query of {@code x}. */
    public static RealVector masked(BipolarPattern x, SplittableRandom rng) {
        return RealVector.masked(x, MASK, rng);
    }

    /** Fraction of components where {@code sign(y)} equals {@code x}; sign(0) = 0 counts wrong. */
    public static double bitAccuracy(BipolarPattern x, RealVector y) {
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("target has dimension " + x.size() + ", output " + y.size());
        }
        int ok = 0;
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) * y.get(i) > 0) {
                ok++;
            }
        }
        return ok / (double) x.size();
    }

    /** Mean squared error between {@code y} and the ±1 target {@code x}. */
    public static double squaredError(BipolarPattern x, RealVector y) {
        double s = 0;
        for (int i = 0; i < x.size(); i++) {
            double e = y.get(i) - x.get(i);
            s += e * e;
        }
        return s / x.size();
    }

    /** The sign of each component as a real vector, 0 staying 0. */
    public static RealVector sign(RealVector y) {
        float[] v = y.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.signum(v[i]);
        }
        return RealVector.of(v);
    }
}
