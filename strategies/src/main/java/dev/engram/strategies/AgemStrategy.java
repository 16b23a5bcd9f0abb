package dev.engram.strategies;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Averaged GEM (Chaudhry et al. 2019): one reference direction {@code g_ref} per step, from a random batch of
 * {@code memory-batch} items drawn from the episodic memories of all earlier tasks; when {@code ⟨g, g_ref⟩ < 0}
 * the direction is projected to {@code g − (⟨g, g_ref⟩ / ⟨g_ref, g_ref⟩) g_ref}, which is orthogonal to
 * {@code g_ref}. Where the projection acts: see {@link GradientProjectionStrategy}.
 */
public final class AgemStrategy extends GradientProjectionStrategy {
    /** The provider name. */
    public static final String NAME = "agem";
    private final int memoryBatch;

    public AgemStrategy(int memoryPerTask, int memoryBatch, Projection projection) {
        super(NAME, memoryPerTask, projection);
        if (memoryBatch < 1) {
            throw new IllegalArgumentException("agem memory-batch is " + memoryBatch + "; accepted: at least 1");
        }
        this.memoryBatch = memoryBatch;
    }

    @Override
    protected float[][] references(TrainingContext ctx, boolean asStep) {
        List<Item> all = new ArrayList<>();
        memories.forEach(all::addAll);
        List<Item> batch = StrategySupport.sample(all, memoryBatch, ctx.random());
        return new float[][] {reference(ctx.trainable(), batch, asStep)};
    }

    @Override
    protected boolean projectOnto(float[] v, float[][] refs) {
        return project(v, refs[0]);
    }

    /**
     * The closest change within the model's bounds with {@code ⟨cut(d), r⟩ ≥ 0} is {@code cut(d + c r)} for the
     * least {@code c ≥ 0} that satisfies it; {@code ⟨cut(d + c r), r⟩} grows with {@code c}, so bisection finds it.
     */
    @Override
    protected boolean projectWithinBounds(TrainableModel model, float[] delta, float[][] refs) {
        float[] r = refs[0];
        int p = delta.length;
        float[] y = new float[p];
        float[] x = new float[p];
        cut(model, delta, x);
        if (StrategySupport.dot(x, r) >= 0) {
            System.arraycopy(x, 0, delta, 0, p);
            return false;
        }
        double rr = StrategySupport.dot(r, r);
        if (rr == 0) {
            return false;
        }
        double hi = -StrategySupport.dot(x, r) / rr;
        for (int grow = 0; grow < 60 && value(model, delta, r, hi, y, x) < 0; grow++) {
            hi *= 2;
        }
        double lo = 0;
        for (int it = 0; it < 60; it++) {
            double mid = 0.5 * (lo + hi);
            if (value(model, delta, r, mid, y, x) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        value(model, delta, r, hi, y, x);
        System.arraycopy(x, 0, delta, 0, p);
        return true;
    }

    /** ⟨cut(d + c r), r⟩, leaving cut(d + c r) in x. */
    private static double value(TrainableModel model, float[] d, float[] r, double c, float[] y, float[] x) {
        for (int i = 0; i < d.length; i++) {
            y[i] = (float) (d[i] + c * r[i]);
        }
        cut(model, y, x);
        return StrategySupport.dot(x, r);
    }

    /** Projects {@code g} in place when {@code ⟨g, ref⟩ < 0}; returns whether it did. */
    public static boolean project(float[] g, float[] ref) {
        double d = StrategySupport.dot(g, ref);
        if (d >= 0) {
            return false;
        }
        double rr = StrategySupport.dot(ref, ref);
        if (rr == 0) {
            return false;
        }
        double c = d / rr;
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (g[i] - c * ref[i]);
        }
        // float rounding can leave a tiny violation: push what is left slightly past the boundary
        for (int round = 0; round < 16; round++) {
            double left = StrategySupport.dot(g, ref);
            if (left >= 0) {
                break;
            }
            double c2 = left / rr * (1 + 1e-3) - Math.ulp((float) Math.abs(c)) * (1 << round);
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (g[i] - c2 * ref[i]);
            }
        }
        return true;
    }
}
