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
 * Every {@code float[]} argument here has length {@link #parameterCount()} and is indexed like
 * {@link #parameters()}. Training is single-threaded: call these from one thread, and not once the model is frozen
 * (the methods that change parameters or optimiser state then throw {@link IllegalStateException}).
 *
 * @since 0.2
 */
public interface TrainableModel extends Model {

    /**
     * The number of trained parameters θ.
     *
     * @return the length of {@link #parameters()} and of every gradient and update vector
     */
    int parameterCount();

    /**
     * The live parameters (length {@link #parameterCount()}); callers must not write to it.
     *
     * @return the model's own parameter array (not a copy); it changes as the model learns
     */
    float[] parameters();

    /**
     * Replaces every parameter (restoring a snapshot); the optimiser state is reset.
     *
     * @param values the new parameters, {@link #parameterCount()} of them (copied)
     * @throws IllegalArgumentException when the length is wrong or a value is refused (not finite, or outside the
     *                                  model's bounds)
     * @throws IllegalStateException    when the model is frozen
     */
    void setParameters(float[] values);

    /**
     * Overwrites {@code grad} with dL/dθ summed over the batch; returns the loss L of the batch. Changes no
     * parameters or optimiser state.
     *
     * @param batch the items, each of this model's dimension
     * @param grad  receives the gradient
     * @return the batch's loss (summed over its items, in the model's own units)
     */
    double lossAndGradient(List<Item> batch, float[] grad);

    /**
     * Overwrites {@code grad} with the gradient of the squared L2 norm of the model's outputs on the batch
     * (the importance measure of Memory Aware Synapses); returns that squared norm.
     *
     * @param batch the items, each of this model's dimension
     * @param grad  receives the gradient
     * @return the squared L2 norm of the outputs, summed over the batch
     */
    double outputNormGradient(List<Item> batch, float[] grad);

    /**
     * Called before each epoch of a task: learning-rate decay and temperature schedules.
     *
     * @param epoch  the epoch about to start, from 0
     * @param epochs the number of epochs in the task
     */
    void beginEpoch(int epoch, int epochs);

    /** Called before the first epoch of each task: resets the optimiser state (momentum). */
    void beginTask();

    /**
     * The model's optimiser: turns a gradient into a parameter change and updates its own state (momentum).
     * Does not change the parameters; {@link #applyUpdate} does.
     *
     * @param grad  the gradient (task loss plus penalties, possibly projected); not changed
     * @param delta receives the parameter change
     */
    void updateFromGradient(float[] grad, float[] delta);

    /**
     * The direction of the change this model's optimiser would make for {@code grad} alone, from a fresh
     * optimiser state: no momentum, and no optimiser state read or changed (the DAM: its per-memory
     * max-normalised step {@code -lr * g_mu / max_i |g_mu,i|}). Gradient-projection strategies (GEM, A-GEM)
     * use it to put reference gradients in the same space as the update when they project after the optimiser.
     * The default is plain gradient descent, {@code out = -grad}.
     *
     * @param grad the gradient; not changed
     * @param out  receives the step direction; may be {@code grad} itself
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
     *
     * @param delta the proposed change, replaced in place by the change that would really be made
     */
    default void constrainUpdate(float[] delta) {
    }

    /**
     * {@code θ += delta}, then the model's constraints (the DAM clamps to [-1, 1]).
     *
     * @param delta the change; not changed
     * @throws IllegalStateException when the model is frozen
     */
    void applyUpdate(float[] delta);

    /**
     * Epochs per task: how many passes {@link SequentialTrainer} makes over a task's items.
     *
     * @return the number of epochs, from the model's parameters
     */
    int epochs();

    /**
     * Items per batch (the trainer uses at least 1).
     *
     * @return the batch size, from the model's parameters
     */
    int batchSize();
}
