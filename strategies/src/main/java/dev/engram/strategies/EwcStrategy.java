package dev.engram.strategies;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import java.util.List;

/**
 * Elastic Weight Consolidation (Kirkpatrick et al. 2017): the importance of a parameter is the diagonal of the
 * empirical Fisher information at the end of the task, {@code F_i = mean over items (∂L_item/∂θ_i)²}, the loss
 * being the model's own training loss of one item; penalty {@code λ/2 Σ F_i (θ_i − θ*_i)²}. Modes
 * {@code separate} (one penalty per task) and {@code online} (Schwarz et al. 2018: {@code F ← γ F + F_task}, one
 * anchor).
 */
public final class EwcStrategy extends ImportancePenaltyStrategy {
    /** The provider name. */
    public static final String NAME = "ewc";
    private final int samples;

    /**
     * @param samples items of the task the Fisher is averaged over (a random subset; 0 = all)
     */
    public EwcStrategy(double lambda, Mode mode, double gamma, int samples) {
        super(NAME, lambda, mode, gamma);
        this.samples = samples;
    }

    @Override
    protected String needs() {
        return "per-item loss gradients for the Fisher information";
    }

    @Override
    protected float[] taskImportance(TrainingContext ctx, TrainableModel model) {
        List<Item> items = samples > 0 ? StrategySupport.sample(ctx.items(), samples, ctx.random()) : ctx.items();
        int p = model.parameterCount();
        float[] g = new float[p];
        double[] f = new double[p];
        for (Item it : items) {
            model.lossAndGradient(List.of(it), g);
            for (int i = 0; i < p; i++) {
                f[i] += (double) g[i] * g[i];
            }
        }
        float[] out = new float[p];
        for (int i = 0; i < p; i++) {
            out[i] = (float) (f[i] / items.size());
        }
        return out;
    }
}
