package dev.engram.api.learn;

/**
 * Progress callbacks from {@link SequentialTrainer} (for progress bars and logs), called on the training thread.
 *
 * @since 0.2
 */
public interface TrainingListener {
    /**
     * A listener that does nothing.
     */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * After each epoch of a task; {@code loss} is the epoch's mean batch loss (NaN for storage models).
     *
     * @param taskIndex the task's index, from 0
     * @param epoch     the epoch just finished, from 0
     * @param epochs    the number of epochs in the task (1 for storage models)
     * @param loss      the mean loss of the epoch's batches, penalties included, or NaN
     */
    default void epochDone(int taskIndex, int epoch, int epochs, double loss) {
    }
}
