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
 */
public interface Strategy {

    /**
     * What a strategy does to training; it fixes the strategy's place in a composition ({@link
     * CompositeStrategy}): replay augments the batch first, regularisers add their penalties, projections act
     * last, {@code afterTask} runs in reverse order.
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

    /** The name of the provider that made it. */
    String providerName();

    /** Its role in a composition; {@link Role#OTHER} unless it says otherwise. */
    default Role role() {
        return Role.OTHER;
    }

    /**
     * Why this strategy cannot be part of a composition, or {@code null} (the default) when it can. The
     * do-nothing {@code naive} strategy says so, for instance: combining it changes nothing.
     */
    default String whyNotCombinable() {
        return null;
    }

    /**
     * Throws {@link IllegalArgumentException} with a clear message when this strategy cannot work with
     * {@code model} (e.g. a gradient penalty on a purely Hebbian model). Called before training starts.
     */
    default void checkCompatible(Model model) {
    }

    /** Before the first batch of a task. */
    default void beforeTask(TrainingContext ctx) {
    }

    /** The batch actually trained on: replay strategies mix earlier items in. Must not modify {@code batch}. */
    default List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
        return batch;
    }

    /**
     * Adds this strategy's penalty gradient at {@code params} into {@code grad}; returns the penalty value
     * (regularisers: EWC, SI, MAS).
     */
    default double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
        return 0;
    }

    /** May modify the gradient before the model's optimiser sees it (GEM, A-GEM: projection). */
    default void adjustGradient(TrainingContext ctx, float[] grad) {
    }

    /** May modify the parameter change the optimiser produced, before it is applied. */
    default void adjustUpdate(TrainingContext ctx, float[] delta) {
    }

    /**
     * After each applied step: {@code lossGrad} is the task loss gradient (before penalties and projection),
     * {@code delta} the change applied (before the model's clamping). Path-integral methods (SI) use it.
     */
    default void afterStep(TrainingContext ctx, float[] lossGrad, float[] delta) {
    }

    /** After the last batch of a task: consolidation (importances, anchors, buffers). */
    default void afterTask(TrainingContext ctx) {
    }

    /** Writes buffers, importances and anchors so that a run can resume between tasks. */
    default void writeState(DataOutput out) throws IOException {
    }

    /** Reads what {@link #writeState} wrote. */
    default void readState(DataInput in) throws IOException {
    }
}
