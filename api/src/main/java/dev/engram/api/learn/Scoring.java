package dev.engram.api.learn;

/**
 * How a task's probes are scored; each score is in [0, 1].
 *
 * @since 0.2
 */
public sealed interface Scoring {

    /**
     * A probe counts when recall reaches exactly the expected state; the score is the fraction that do.
     *
     * @since 0.2
     */
    record ExactRecall() implements Scoring {
    }

    /**
     * The mean fraction of components that recall gets right.
     *
     * @since 0.2
     */
    record BitAccuracy() implements Scoring {
    }

    /**
     * Classifier form: neurons {@code firstClassNeuron .. firstClassNeuron + classes - 1} are the class
     * neurons; the prediction is the class neuron with the largest field in the start state, the label is
     * the class neuron that is +1 in the expected state.
     *
     * @param firstClassNeuron the index of the first class neuron, at least 0
     * @param classes          the number of classes, at least 2
     * @since 0.2
     */
    record Classification(int firstClassNeuron, int classes) implements Scoring {
        /**
         * Checks the components.
         *
         * @param firstClassNeuron the index of the first class neuron
         * @param classes          the number of classes
         * @throws IllegalArgumentException when {@code firstClassNeuron < 0} or {@code classes < 2}
         */
        public Classification {
            if (firstClassNeuron < 0 || classes < 2) {
                throw new IllegalArgumentException("classification needs classes >= 2 at a neuron >= 0, got "
                        + classes + " at " + firstClassNeuron);
            }
        }
    }

    /**
     * Exact recall.
     *
     * @return an {@link ExactRecall}
     */
    static Scoring exact() {
        return new ExactRecall();
    }

    /**
     * Bit accuracy.
     *
     * @return a {@link BitAccuracy}
     */
    static Scoring bits() {
        return new BitAccuracy();
    }
}
