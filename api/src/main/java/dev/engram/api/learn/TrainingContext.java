package dev.engram.api.learn;

import dev.engram.api.Model;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the strategy hooks see: the model, the task being learned and its index, where training is, and the
 * task's seeded random generator (the only source of randomness a strategy may use).
 */
public final class TrainingContext {
    private final Model model;
    private final int taskIndex;
    private final Task task;
    private final RandomGenerator random;
    int epoch;
    int epochs;
    long step;

    public TrainingContext(Model model, int taskIndex, Task task, RandomGenerator random) {
        this.model = model;
        this.taskIndex = taskIndex;
        this.task = task;
        this.random = random;
    }

    public Model model() {
        return model;
    }

    /** The model as trainable, or {@code null} for storage-only models. */
    public TrainableModel trainable() {
        return model instanceof TrainableModel t ? t : null;
    }

    /** Index of the current task (0 for the first). */
    public int taskIndex() {
        return taskIndex;
    }

    public Task task() {
        return task;
    }

    /** The current task's training items. */
    public List<Item> items() {
        return task.items();
    }

    public RandomGenerator random() {
        return random;
    }

    public int epoch() {
        return epoch;
    }

    public int epochs() {
        return epochs;
    }

    /** Optimisation steps taken in this task so far. */
    public long step() {
        return step;
    }
}
