package dev.engram.api.learn;

/** How a task's probes are scored. */
public sealed interface Scoring {

    /** A probe counts when recall reaches exactly the expected state. */
    record ExactRecall() implements Scoring {
    }

    /** The mean fraction of components that recall gets right. */
    record BitAccuracy() implements Scoring {
    }

    /**
     * Classifier form: neurons {@code firstClassNeuron .. firstClassNeuron + classes - 1} are the class
     * neurons; the prediction is the class neuron with the largest field in the start state, the label is
     * the class neuron that is +1 in the expected state.
     */
    record Classification(int firstClassNeuron, int classes) implements Scoring {
        public Classification {
            if (firstClassNeuron < 0 || classes < 2) {
                throw new IllegalArgumentException("classification needs classes >= 2 at a neuron >= 0, got "
                        + classes + " at " + firstClassNeuron);
            }
        }
    }

    static Scoring exact() {
        return new ExactRecall();
    }

    static Scoring bits() {
        return new BitAccuracy();
    }
}
