package dev.engram.strategies;

import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;

/**
 * Gradient Episodic Memory (Lopez-Paz &amp; Ranzato 2017). At every step the reference direction {@code g_k} of each
 * earlier task's episodic memory is computed; when the new direction {@code g} has a negative dot product with any
 * of them it is replaced by the closest direction that has none:
 * <pre>  minimise ½‖g − g̃‖²  subject to  ⟨g̃, g_k⟩ ≥ 0 for every earlier task k,</pre>
 * solved through its dual {@code minimise ½ vᵀGGᵀv + gᵀGᵀv, v ≥ 0} (one variable per earlier task, solved
 * exactly by {@link NonNegativeQp}), then {@code g̃ = g + Gᵀv}. Where the projection acts: see
 * {@link GradientProjectionStrategy}.
 */
public final class GemStrategy extends GradientProjectionStrategy {
    /** The provider name. */
    public static final String NAME = "gem";

    public GemStrategy(int memoryPerTask, Projection projection) {
        super(NAME, memoryPerTask, projection);
    }

    @Override
    protected float[][] references(TrainingContext ctx, boolean asStep) {
        TrainableModel model = ctx.trainable();
        float[][] refs = new float[memories.size()][];
        for (int k = 0; k < refs.length; k++) {
            refs[k] = reference(model, memories.get(k), asStep);
        }
        return refs;
    }

    @Override
    protected boolean projectOnto(float[] v, float[][] refs) {
        for (float[] r : refs) {
            if (StrategySupport.dot(v, r) < 0) {
                project(v, refs);
                return true;
            }
        }
        return false;
    }

    /**
     * The closest change within the model's bounds satisfying every constraint is {@code cut(d + Gᵀu)} with
     * {@code u ≥ 0} maximising the concave dual; projected gradient ascent on u (step 1/trace(GGᵀ)), started at the
     * unbounded solution, until every constraint holds.
     */
    @Override
    protected boolean projectWithinBounds(TrainableModel model, float[] delta, float[][] refs) {
        int p = delta.length;
        int t = refs.length;
        float[] x = new float[p];
        cut(model, delta, x);
        if (!GradientProjectionStrategy.violates(x, refs)) {
            System.arraycopy(x, 0, delta, 0, p);
            return false;
        }
        float[] y = delta.clone();
        double[] u = project(y, refs);
        double trace = 0;
        for (float[] r : refs) {
            trace += StrategySupport.dot(r, r);
        }
        double eta = 1 / trace;
        for (int it = 0; it < 300; it++) {
            for (int i = 0; i < p; i++) {
                double sum = delta[i];
                for (int k = 0; k < t; k++) {
                    sum += u[k] * refs[k][i];
                }
                y[i] = (float) sum;
            }
            cut(model, y, x);
            if (!GradientProjectionStrategy.violates(x, refs)) {
                break;
            }
            for (int k = 0; k < t; k++) {
                u[k] = Math.max(0, u[k] - eta * StrategySupport.dot(refs[k], x) * (1 + 1e-3));
            }
        }
        System.arraycopy(x, 0, delta, 0, p);
        return true;
    }

    /**
     * Replaces {@code g} by the closest vector {@code g̃} with {@code ⟨g̃, r_k⟩ ≥ 0} for every row of
     * {@code refs}; returns the dual solution.
     */
    public static double[] project(float[] g, float[][] refs) {
        int t = refs.length;
        double[][] q = new double[t][t];
        double[] p = new double[t];
        for (int a = 0; a < t; a++) {
            p[a] = StrategySupport.dot(refs[a], g);
            for (int b = 0; b <= a; b++) {
                q[a][b] = q[b][a] = StrategySupport.dot(refs[a], refs[b]);
            }
        }
        double[] v = NonNegativeQp.solve(q, p);
        for (int i = 0; i < g.length; i++) {
            double sum = g[i];
            for (int k = 0; k < t; k++) {
                sum += v[k] * refs[k][i];
            }
            g[i] = (float) sum;
        }
        return v;
    }
}
