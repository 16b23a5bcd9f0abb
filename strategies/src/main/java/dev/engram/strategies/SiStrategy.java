package dev.engram.strategies;

import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;

/**
 * Synaptic Intelligence (Zenke, Poole &amp; Ganguli 2017). During a task, after every applied step, the path
 * integral {@code ω_i += −g_i · Δθ_i} is accumulated, {@code g} being the task-loss gradient of the step (before
 * penalties and projection) and {@code Δθ} the change the parameters actually underwent (after the model's
 * clamping, measured from the parameters themselves). At the end of the task
 * {@code Ω_i += max(0, ω_i) / ((θ_i(end) − θ_i(start))² + ξ)} and the anchor is the end-of-task parameters;
 * penalty {@code c/2 Σ Ω_i (θ_i − θ*_i)²}. A parameter that never moved has ω = 0 and so Ω = 0. The path integral
 * can be negative for single parameters when the optimiser (momentum, a normalised step) moves against the
 * gradient; such contributions are clipped to 0 so that importances stay non-negative.
 */
public final class SiStrategy extends ImportancePenaltyStrategy {
    /** The provider name. */
    public static final String NAME = "si";
    private final double xi;
    private float[] start;
    private float[] previous;
    private double[] omega;

    public SiStrategy(double c, double xi) {
        super(NAME, c, Mode.ONLINE, 1.0);
        if (!(xi > 0)) {
            throw new IllegalArgumentException("si damping xi is " + xi + "; accepted: > 0");
        }
        this.xi = xi;
    }

    @Override
    protected String needs() {
        return "the loss gradient and the parameter change of every step (the path integral)";
    }

    @Override
    public void beforeTask(TrainingContext ctx) {
        float[] params = ctx.trainable().parameters();
        start = params.clone();
        previous = params.clone();
        omega = new double[params.length];
    }

    @Override
    public void afterStep(TrainingContext ctx, float[] lossGrad, float[] delta) {
        float[] params = ctx.trainable().parameters();
        for (int i = 0; i < params.length; i++) {
            float moved = params[i] - previous[i];
            omega[i] -= (double) lossGrad[i] * moved;
            previous[i] = params[i];
        }
    }

    @Override
    protected float[] taskImportance(TrainingContext ctx, TrainableModel model) {
        float[] end = model.parameters();
        float[] out = new float[end.length];
        for (int i = 0; i < end.length; i++) {
            double total = (double) end[i] - start[i];
            out[i] = (float) (Math.max(0, omega[i]) / (total * total + xi));
        }
        return out;
    }

    /** The path integral accumulated so far in the current task (for tests). */
    double[] pathIntegral() {
        return omega.clone();
    }
}
