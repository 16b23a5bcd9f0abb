package dev.engram.api.learn;

import dev.engram.api.Model;
import java.util.List;

/**
 * A model trained by gradient descent, seen as a flat parameter vector: what gradient-based strategies (EWC,
 * SI, MAS, GEM, A-GEM) work on. One optimisation step is
 * <pre>
 *   loss = lossAndGradient(batch, grad)          // dL/dθ
 *   (strategies add penalty gradients, project)
 *   updateFromGradient(grad, delta)               // the model's optimiser: momentum, normalised step, rate
 *   (strategies may project the update)
 *   applyUpdate(delta)                            // θ += delta, then the model's constraints (clamping)
 * </pre>
 */
public interface TrainableModel extends Model {

    int parameterCount();

    /** The live parameters (length {@link #parameterCount()}); callers must not write to it. */
    float[] parameters();

    /** Replaces every parameter (restoring a snapshot); the optimiser state is reset. */
    void setParameters(float[] values);

    /** Overwrites {@code grad} with dL/dθ summed over the batch; returns the loss L of the batch. */
    double lossAndGradient(List<Item> batch, float[] grad);

    /**
     * Overwrites {@code grad} with the gradient of the squared L2 norm of the model's outputs on the batch
     * (the importance measure of Memory Aware Synapses); returns that squared norm.
     */
    double outputNormGradient(List<Item> batch, float[] grad);

    /** Called before each epoch of a task: learning-rate decay and temperature schedules. */
    void beginEpoch(int epoch, int epochs);

    /** Called before the first epoch of each task: resets the optimiser state (momentum). */
    void beginTask();

    /** The model's optimiser: turns a gradient into a parameter change and updates its own state. */
    void updateFromGradient(float[] grad, float[] delta);

    /**
     * The direction of the change this model's optimiser would make for {@code grad} alone, from a fresh
     * optimiser state: no momentum, and no optimiser state read or changed (the DAM: its per-memory
     * max-normalised step {@code -lr * g_mu / max_i |g_mu,i|}). Gradient-projection strategies (GEM, A-GEM)
     * use it to put reference gradients in the same space as the update when they project after the optimiser.
     * The default is plain gradient descent, {@code out = -grad}.
     */
    default void stepDirection(float[] grad, float[] out) {
        for (int i = 0; i < grad.length; i++) {
            out[i] = -grad[i];
        }
    }

    /**
     * Replaces {@code delta} by the change {@link #applyUpdate} would actually make from the current parameters,
     * so that a strategy can reason about the change that really happens (the DAM: components that would take a
     * memory outside [-1, 1] are cut at the bound). Changes no state. The default, for a model without
     * constraints, leaves {@code delta} as it is.
     */
    default void constrainUpdate(float[] delta) {
    }

    /** {@code θ += delta}, then the model's constraints (the DAM clamps to [-1, 1]). */
    void applyUpdate(float[] delta);

    /** Epochs per task. */
    int epochs();

    /** Items per batch. */
    int batchSize();
}
