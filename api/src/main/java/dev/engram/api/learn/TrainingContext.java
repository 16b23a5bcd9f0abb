package dev.engram.api.learn;

import dev.engram.api.Model;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the strategy hooks see: the model, the task being learned and its index, where training is, and the
 * task's seeded random generator (the only source of randomness a strategy may use).
 *
 * <p>{@link SequentialTrainer} makes one per task and updates where training is; it is not thread-safe.
 *
 * @since 0.2
 */
public final class TrainingContext {
    private final Model model;
    private final int taskIndex;
    private final Task task;
    private final RandomGenerator random;
    int epoch;
    int epochs;
    long step;

    /**
     * A context at the start of a task (epoch 0 of 0, step 0); the trainer makes it, tests of a strategy may too.
     *
     * @param model     the model being trained
     * @param taskIndex the task's index, from 0
     * @param task      the task
     * @param random    the task's random generator
     */
    public TrainingContext(Model model, int taskIndex, Task task, RandomGenerator random) {
        this.model = model;
        this.taskIndex = taskIndex;
        this.task = task;
        this.random = random;
    }

    /**
     * The model being trained.
     *
     * @return the model
     */
    public Model model() {
        return model;
    }

    /**
     * The model as trainable, or {@code null} for storage-only models.
     *
     * @return the model, or {@code null}
     */
    public TrainableModel trainable() {
        return model instanceof TrainableModel t ? t : null;
    }

    /**
     * Index of the current task (0 for the first).
     *
     * @return the task index
     */
    public int taskIndex() {
        return taskIndex;
    }

    /**
     * The task being learned.
     *
     * @return the task
     */
    public Task task() {
        return task;
    }

    /**
     * The current task's training items.
     *
     * @return the items, unmodifiable
     */
    public List<Item> items() {
        return task.items();
    }

    /**
     * The task's random generator, seeded from the trainer's seed and the task index.
     *
     * @return the generator; use it only from the training thread
     */
    public RandomGenerator random() {
        return random;
    }

    /**
     * The current epoch, from 0 (0 for storage-only models).
     *
     * @return the epoch
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The number of epochs in this task (1 for storage-only models; 0 before training starts).
     *
     * @return the epoch count
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Optimisation steps taken in this task so far.
     *
     * @return the step count
     */
    public long step() {
        return step;
    }
}
