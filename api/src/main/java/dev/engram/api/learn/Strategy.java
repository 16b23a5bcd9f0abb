package dev.engram.api.learn;

import dev.engram.api.Model;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * A sequential-learning strategy: hooks called by {@link SequentialTrainer} around the learning of each task,
 * after Avalanche's plugin hooks. Every hook has a do-nothing default, so a strategy overrides only what it
 * needs. Gradient hooks are called only for {@link TrainableModel}s.
 *
 * <p>The order for each task is {@code beforeTask}; then for each batch {@code augmentBatch},
 * {@code addPenalty}, {@code adjustGradient}, {@code adjustUpdate} and {@code afterStep}; then
 * {@code afterTask}. For a storage-only model, {@code augmentBatch} is called once with all the task's items.
 * Arrays passed to the gradient hooks have the model's {@link TrainableModel#parameterCount()} length.
 * A strategy holds state for one training run and is called from one thread; it need not be thread-safe.
 *
 * @since 0.2
 */
public interface Strategy {

    /**
     * What a strategy does to training; it fixes the strategy's place in a composition ({@link
     * CompositeStrategy}): replay augments the batch first, regularisers add their penalties, projections act
     * last, {@code afterTask} runs in reverse order.
     *
     * @since 0.2
     */
    enum Role {
        /** Mixes earlier (or generated) items into each batch: rehearsal, pseudorehearsal. */
        REPLAY,
        /** Adds a penalty gradient: EWC, SI, MAS. */
        REGULARISER,
        /** Anything else (the hooks it overrides run after the regularisers, before the projections). */
        OTHER,
        /** Projects the gradient or the update: GEM, A-GEM; at most one per composition. */
        PROJECTION
    }

    /**
     * The name of the provider that made it.
     *
     * @return the name, e.g. {@code ewc}; for a composition, the parts' names joined by {@code +}
     */
    String providerName();

    /**
     * Its role in a composition; {@link Role#OTHER} unless it says otherwise.
     *
     * @return the role
     */
    default Role role() {
        return Role.OTHER;
    }

    /**
     * Why this strategy cannot be part of a composition, or {@code null} (the default) when it can. The
     * do-nothing {@code naive} strategy says so, for instance: combining it changes nothing.
     *
     * @return one line saying why, or {@code null}
     */
    default String whyNotCombinable() {
        return null;
    }

    /**
     * Throws {@link IllegalArgumentException} with a clear message when this strategy cannot work with
     * {@code model} (e.g. a gradient penalty on a purely Hebbian model). Called before training starts.
     *
     * @param model the model about to be trained
     * @throws IllegalArgumentException when the strategy cannot work with it
     */
    default void checkCompatible(Model model) {
    }

    /**
     * Before the first batch of a task.
     *
     * @param ctx the training context of the task
     */
    default void beforeTask(TrainingContext ctx) {
    }

    /**
     * The batch actually trained on: replay strategies mix earlier items in. Must not modify {@code batch}.
     *
     * @param ctx   the training context
     * @param batch the task's items for this step (may be a view; do not keep it past the call)
     * @return the items to train on: {@code batch} itself (the default) or a new list
     */
    default List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
        return batch;
    }

    /**
     * Adds this strategy's penalty gradient at {@code params} into {@code grad}; returns the penalty value
     * (regularisers: EWC, SI, MAS).
     *
     * @param ctx    the training context
     * @param params the model's current parameters; must not be written
     * @param grad   the task-loss gradient, to which the penalty's gradient is added in place
     * @return the penalty, added to the batch's loss (0 by default)
     */
    default double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
        return 0;
    }

    /**
     * May modify the gradient before the model's optimiser sees it (GEM, A-GEM: projection).
     *
     * @param ctx  the training context
     * @param grad the gradient including penalties, changed in place
     */
    default void adjustGradient(TrainingContext ctx, float[] grad) {
    }

    /**
     * May modify the parameter change the optimiser produced, before it is applied.
     *
     * @param ctx   the training context
     * @param delta the change, changed in place
     */
    default void adjustUpdate(TrainingContext ctx, float[] delta) {
    }

    /**
     * After each applied step: {@code lossGrad} is the task loss gradient (before penalties and projection),
     * {@code delta} the change applied (before the model's clamping). Path-integral methods (SI) use it.
     *
     * @param ctx      the training context
     * @param lossGrad the task-loss gradient of the step; must not be written
     * @param delta    the change passed to {@link TrainableModel#applyUpdate}; must not be written
     */
    default void afterStep(TrainingContext ctx, float[] lossGrad, float[] delta) {
    }

    /**
     * After the last batch of a task: consolidation (importances, anchors, buffers).
     *
     * @param ctx the training context of the task
     */
    default void afterTask(TrainingContext ctx) {
    }

    /**
     * Writes buffers, importances and anchors so that a run can resume between tasks. The default writes nothing.
     *
     * @param out where to write; not closed
     * @throws IOException when {@code out} fails
     */
    default void writeState(DataOutput out) throws IOException {
    }

    /**
     * Reads what {@link #writeState} wrote, replacing this strategy's state. The default reads nothing.
     *
     * @param in where to read from; not closed
     * @throws IOException when {@code in} fails or ends early
     */
    default void readState(DataInput in) throws IOException {
    }
}
