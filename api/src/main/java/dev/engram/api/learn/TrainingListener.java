package dev.engram.api.learn;

/** Progress callbacks from {@link SequentialTrainer} (for progress bars and logs). */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    /** After each epoch of a task; {@code loss} is the epoch's mean batch loss (NaN for storage models). */
    default void epochDone(int taskIndex, int epoch, int epochs, double loss) {
    }
}
