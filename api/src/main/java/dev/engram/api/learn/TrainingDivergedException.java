package dev.engram.api.learn;

/**
 * Training produced a loss or parameters that are not finite (NaN or infinite): {@link SequentialTrainer} stops at
 * once instead of training on. The message names the task, the epoch, the batch and the model's parameters, and
 * suggests what usually helps; the command line prints it as one line and exits with status 1.
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int taskIndex;
    private final int epoch;

    public TrainingDivergedException(String message, int taskIndex, int epoch) {
        super(message);
        this.taskIndex = taskIndex;
        this.epoch = epoch;
    }

    /** Index of the task being learned (0 for the first). */
    public int taskIndex() {
        return taskIndex;
    }

    /** The epoch (0 for the first) in which it diverged. */
    public int epoch() {
        return epoch;
    }
}
