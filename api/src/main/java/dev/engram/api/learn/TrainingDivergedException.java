package dev.engram.api.learn;

/**
 * Training produced a loss or parameters that are not finite (NaN or infinite): {@link SequentialTrainer} stops at
 * once instead of training on. The message names the task, the epoch, the batch and the model's parameters, and
 * suggests what usually helps; the command line prints it as one line and exits with status 1.
 *
 * @since 0.2
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /**
     * Index of the task being learned.
     */
    private final int taskIndex;
    /**
     * The epoch in which it diverged.
     */
    private final int epoch;

    /**
     * Creates the exception.
     *
     * @param message   one line naming the task, epoch, batch and parameters
     * @param taskIndex index of the task being learned, from 0
     * @param epoch     the epoch in which it diverged, from 0
     */
    public TrainingDivergedException(String message, int taskIndex, int epoch) {
        super(message);
        this.taskIndex = taskIndex;
        this.epoch = epoch;
    }

    /**
     * Index of the task being learned (0 for the first).
     *
     * @return the task index
     */
    public int taskIndex() {
        return taskIndex;
    }

    /**
     * The epoch (0 for the first) in which it diverged.
     *
     * @return the epoch
     */
    public int epoch() {
        return epoch;
    }
}
