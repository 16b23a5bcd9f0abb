package dev.engram.strategies;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import java.util.List;

/**
 * Memory Aware Synapses (Aljundi et al. 2018): the importance of a parameter is how sensitive the squared norm of
 * the model's output is to it, {@code Ω_i = mean over items |∂‖Y(item)‖²/∂θ_i|} (from
 * {@link TrainableModel#outputNormGradient}, one item at a time), needing no labels; importances of successive
 * tasks add up, the anchor is the parameters at the end of the latest task; penalty {@code λ/2 Σ Ω_i (θ_i − θ*_i)²}.
 */
public final class MasStrategy extends ImportancePenaltyStrategy {
    /** The provider name. */
    public static final String NAME = "mas";
    private final int samples;

    public MasStrategy(double lambda, int samples) {
        super(NAME, lambda, Mode.ONLINE, 1.0);
        this.samples = samples;
    }

    @Override
    protected String needs() {
        return "the gradient of the squared norm of its outputs";
    }

    @Override
    protected float[] taskImportance(TrainingContext ctx, TrainableModel model) {
        List<Item> items = samples > 0 ? StrategySupport.sample(ctx.items(), samples, ctx.random()) : ctx.items();
        int p = model.parameterCount();
        float[] g = new float[p];
        double[] acc = new double[p];
        for (Item it : items) {
            model.outputNormGradient(List.of(it), g);
            for (int i = 0; i < p; i++) {
                acc[i] += Math.abs(g[i]);
            }
        }
        float[] out = new float[p];
        for (int i = 0; i < p; i++) {
            out[i] = (float) (acc[i] / items.size());
        }
        return out;
    }
}
