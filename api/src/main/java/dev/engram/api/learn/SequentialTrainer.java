package dev.engram.api.learn;

import dev.engram.api.BipolarMemory;
import dev.engram.api.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Learns tasks one after another with a strategy's hooks around each: the loop every runner, test and plugin
 * shares. A {@link TrainableModel} is trained by mini-batch gradient descent for its {@link
 * TrainableModel#epochs()}; a storage-only {@link BipolarMemory} stores the (strategy-augmented) items once.
 * All randomness comes from {@code seed}: the same seed gives the same model. A loss or parameter that is not
 * finite stops training with a {@link TrainingDivergedException} naming the task, the epoch and the parameters;
 * so does a bipolar memory whose energy is not finite after a task (checked on the task's first and last items).
 * A strategy hook that throws stops training with a {@link StrategyException} naming the strategy, the hook, the
 * task and what was thrown.
 *
 * <p>A trainer is used from one thread; learn tasks in order, each once.
 *
 * @since 0.2
 */
public final class SequentialTrainer {
    private final Model model;
    private final Strategy strategy;
    private final long seed;

    /**
     * A trainer of {@code model} with {@code strategy}.
     *
     * @param model    the model that learns: a {@link TrainableModel} or a {@link BipolarMemory}
     * @param strategy the strategy whose hooks run around each task
     * @param seed     the seed of all the training's randomness
     * @throws IllegalArgumentException when the strategy refuses the model, or the model can neither be
     *                                  trained nor store patterns
     */
    public SequentialTrainer(Model model, Strategy strategy, long seed) {
        if (!(model instanceof TrainableModel) && !(model instanceof BipolarMemory)) {
            throw new IllegalArgumentException("model '" + model.providerName()
                    + "' can neither be trained by gradient nor store bipolar patterns; it cannot learn task sequences");
        }
        try {
            strategy.checkCompatible(model);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StrategyException.of(strategy, "checkCompatible", null, e);
        }
        this.model = model;
        this.strategy = strategy;
        this.seed = seed;
    }

    /**
     * The seed of task {@code taskIndex}'s random generator (a SplitMix64 hash of both).
     *
     * @param seed      the trainer's seed
     * @param taskIndex the task's index, from 0
     * @return the task's seed
     */
    public static long taskSeed(long seed, int taskIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (taskIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Learns one task, with no progress callbacks.
     *
     * @param taskIndex the task's index in the sequence, from 0 (it picks the task's random generator)
     * @param task      the task
     * @throws dev.engram.api.DimensionMismatchException when the task's dimension differs from the model's
     * @throws TrainingDivergedException when the loss, a parameter or the energy stops being finite
     * @throws IllegalStateException     when the model is frozen
     */
    public void learn(int taskIndex, Task task) {
        learn(taskIndex, task, TrainingListener.NONE);
    }

    /**
     * Learns one task: trains a {@link TrainableModel} for its epochs, or stores the items in a storage-only
     * memory, with the strategy's hooks around it.
     *
     * @param taskIndex the task's index in the sequence, from 0 (it picks the task's random generator)
     * @param task      the task
     * @param listener  told after each epoch
     * @throws dev.engram.api.DimensionMismatchException when the task's dimension differs from the model's
     * @throws TrainingDivergedException when the loss, a parameter or the energy stops being finite
     * @throws StrategyException         when a hook of the strategy throws
     * @throws IllegalStateException     when the model is frozen
     */
    public void learn(int taskIndex, Task task, TrainingListener listener) {
        if (task.dimension() != model.dimension()) {
            throw new dev.engram.api.DimensionMismatchException(model.dimension(), task.dimension(),
                    "task '" + task.name() + "' has dimension " + task.dimension()
                    + "; the model has " + model.dimension());
        }
        TrainingContext ctx = new TrainingContext(model, taskIndex, task, new SplittableRandom(taskSeed(seed, taskIndex)));
        if (model instanceof TrainableModel tm) {
            train(tm, ctx, listener);
        } else {
            store((BipolarMemory) model, ctx, listener);
        }
    }

    private void train(TrainableModel tm, TrainingContext ctx, TrainingListener listener) {
        int p = tm.parameterCount();
        float[] grad = new float[p];
        float[] lossGrad = new float[p];
        float[] delta = new float[p];
        int epochs = tm.epochs();
        int batchSize = Math.max(1, tm.batchSize());
        List<Item> order = new ArrayList<>(ctx.items());
        tm.beginTask();
        ctx.epochs = epochs;
        try {
            strategy.beforeTask(ctx);
        } catch (RuntimeException x) {
            throw StrategyException.of(strategy, "beforeTask", ctx, x);
        }
        for (int e = 0; e < epochs; e++) {
            ctx.epoch = e;
            tm.beginEpoch(e, epochs);
            Collections.shuffle(order, ctx.random());
            double lossSum = 0;
            int batches = 0;
            for (int b = 0; b < order.size(); b += batchSize) {
                List<Item> batch = augment(ctx, order.subList(b, Math.min(order.size(), b + batchSize)));
                double loss = tm.lossAndGradient(batch, grad);
                System.arraycopy(grad, 0, lossGrad, 0, p);
                try {
                    loss += strategy.addPenalty(ctx, tm.parameters(), grad);
                } catch (RuntimeException x) {
                    throw StrategyException.of(strategy, "addPenalty", ctx, x);
                }
                try {
                    strategy.adjustGradient(ctx, grad);
                } catch (RuntimeException x) {
                    throw StrategyException.of(strategy, "adjustGradient", ctx, x);
                }
                tm.updateFromGradient(grad, delta);
                try {
                    strategy.adjustUpdate(ctx, delta);
                } catch (RuntimeException x) {
                    throw StrategyException.of(strategy, "adjustUpdate", ctx, x);
                }
                if (!Double.isFinite(loss)) {
                    throw diverged(tm, ctx, e, epochs, "the loss of batch " + (batches + 1) + " is " + loss);
                }
                tm.applyUpdate(delta);
                try {
                    strategy.afterStep(ctx, lossGrad, delta);
                } catch (RuntimeException x) {
                    throw StrategyException.of(strategy, "afterStep", ctx, x);
                }
                ctx.step++;
                lossSum += loss;
                batches++;
            }
            float[] params = tm.parameters();
            for (int i = 0; i < params.length; i++) {
                if (!Float.isFinite(params[i])) {
                    throw diverged(tm, ctx, e, epochs, "parameter " + i + " is " + params[i] + " after the epoch");
                }
            }
            listener.epochDone(ctx.taskIndex(), e, epochs, lossSum / Math.max(1, batches));
        }
        requireFiniteEnergy(ctx, Math.max(0, epochs - 1), epochs);
        afterTask(ctx);
    }

    /** The strategy's batch, which must be a list (null is a failure of the strategy's). */
    private List<Item> augment(TrainingContext ctx, List<Item> batch) {
        List<Item> out;
        try {
            out = strategy.augmentBatch(ctx, batch);
        } catch (RuntimeException x) {
            throw StrategyException.of(strategy, "augmentBatch", ctx, x);
        }
        if (out == null) {
            throw StrategyException.of(strategy, "augmentBatch", ctx,
                    new NullPointerException("augmentBatch returned null instead of a list of items"));
        }
        return out;
    }

    private void afterTask(TrainingContext ctx) {
        try {
            strategy.afterTask(ctx);
        } catch (RuntimeException x) {
            throw StrategyException.of(strategy, "afterTask", ctx, x);
        }
    }

    /**
     * A memory whose energy is not finite recalls nothing but noise (a scale that overflows float, say): checked
     * once per task, on the task's first and last items (O(K N) each), so that no run is reported complete with NaN.
     */
    private void requireFiniteEnergy(TrainingContext ctx, int epoch, int epochs) {
        if (!(model instanceof BipolarMemory memory) || ctx.items().isEmpty()) {
            return;
        }
        List<Item> items = ctx.items();
        for (int i : new int[] {0, items.size() - 1}) {
            double energy = memory.energy(items.get(i).state());
            if (!Double.isFinite(energy)) {
                throw new TrainingDivergedException("recall diverged in task " + (ctx.taskIndex() + 1) + " ('"
                        + ctx.task().name() + "'), epoch " + (epoch + 1) + " of " + epochs + " (strategy '"
                        + strategy.providerName() + "'): the energy of item " + (i + 1) + " is " + energy
                        + " after learning the task; " + model.params()
                        + " (a higher temperature or a lower learning rate usually helps)", ctx.taskIndex(), epoch);
            }
        }
    }

    private TrainingDivergedException diverged(TrainableModel tm, TrainingContext ctx, int epoch, int epochs,
                                               String what) {
        return new TrainingDivergedException("training diverged in task " + (ctx.taskIndex() + 1) + " ('"
                + ctx.task().name() + "'), epoch " + (epoch + 1) + " of " + epochs + " (strategy '"
                + strategy.providerName() + "'): " + what + "; " + tm.params()
                + " (a higher temperature or a lower learning rate usually helps)", ctx.taskIndex(), epoch);
    }

    private void store(BipolarMemory memory, TrainingContext ctx, TrainingListener listener) {
        ctx.epochs = 1;
        try {
            strategy.beforeTask(ctx);
        } catch (RuntimeException x) {
            throw StrategyException.of(strategy, "beforeTask", ctx, x);
        }
        for (Item item : augment(ctx, ctx.items())) {
            memory.store(item.state());
        }
        ctx.step = 1;
        requireFiniteEnergy(ctx, 0, 1);
        listener.epochDone(ctx.taskIndex(), 0, 1, Double.NaN);
        afterTask(ctx);
    }
}
