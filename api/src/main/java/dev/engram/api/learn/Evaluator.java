package dev.engram.api.learn;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;

/**
 * Scores a model on a task's probes, as the task's {@link Scoring} says. Stateless; it may be called from several
 * threads on a frozen model.
 *
 * @since 0.2
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * Accuracy in [0, 1] of {@code model} on {@code task}'s probes (1 when the task has no probes). Recall-scored
     * tasks run the probes through {@link BipolarMemory#recallBatch} (consecutive probes with the same free neurons as one batch), which gives each probe's {@link BipolarMemory#recallInto} result; classification tasks compare the class neurons'
     * fields in the start state.
     *
     * @param model the model, which must be a {@link BipolarMemory}
     * @param task  the task whose probes to score
     * @return the score: the fraction of probes recalled exactly, the mean fraction of correct components, or the
     *         fraction classified correctly
     * @throws IllegalArgumentException when the model is not a {@link BipolarMemory} or has another dimension
     */
    public static double accuracy(Model model, Task task) {
        if (!(model instanceof BipolarMemory memory)) {
            throw new IllegalArgumentException("model '" + model.providerName() + "' does not recall bipolar states; "
                    + "it cannot be scored on task '" + task.name() + "'");
        }
        if (task.probes().isEmpty()) {
            return 1.0;
        }
        return switch (task.scoring()) {
            case Scoring.ExactRecall e -> recallScore(memory, task, true);
            case Scoring.BitAccuracy b -> recallScore(memory, task, false);
            case Scoring.Classification c -> classify(memory, task, c);
        };
    }

    /** Most probes recalled as one batch ({@link BipolarMemory#recallBatch}). */
    private static final int BATCH = 256;

    private static double recallScore(BipolarMemory memory, Task task, boolean exact) {
        RecallWorkspace ws = memory.newWorkspace();
        int n = memory.dimension();
        int words = BipolarPattern.wordsFor(n);
        java.util.List<Probe> probes = task.probes();
        long[] in = new long[Math.min(BATCH, probes.size()) * words];
        long[] out = new long[in.length];
        double sum = 0;
        int j = 0;
        while (j < probes.size()) {
            // consecutive probes with the same free neurons go as one batch
            NeuronMask update = probes.get(j).update();
            int end = j + 1;
            while (end < probes.size() && end - j < BATCH && java.util.Objects.equals(update, probes.get(end).update())) {
                end++;
            }
            for (int q = j; q < end; q++) {
                memory.requireDimension(probes.get(q).start());
                probes.get(q).start().copyWordsTo(in, (q - j) * words);
            }
            memory.recallBatch(in, 0, end - j, out, 0, update, ws);
            for (int q = j; q < end; q++) {
                int wrong = BipolarPattern.fromWords(out, (q - j) * words, n).hamming(probes.get(q).expected());
                sum += exact ? (wrong == 0 ? 1 : 0) : 1.0 - (double) wrong / n;
            }
            j = end;
        }
        return sum / probes.size();
    }

    private static double classify(BipolarMemory memory, Task task, Scoring.Classification c) {
        NeuronMask classes = NeuronMask.range(memory.dimension(), c.firstClassNeuron(), c.firstClassNeuron() + c.classes());
        float[] fields = new float[c.classes()];
        int correct = 0;
        for (Probe p : task.probes()) {
            memory.fields(p.start(), classes, fields);
            if (argmax(fields) == label(p.expected(), c)) {
                correct++;
            }
        }
        return (double) correct / task.probes().size();
    }

    /**
     * Index of the largest value (the first on ties).
     *
     * @param v the values
     * @return the index, 0 for an empty array
     */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The class whose neuron is +1 in {@code state} (the first such), or -1 when none is.
     *
     * @param state the state, holding the class neurons
     * @param c     where the class neurons are
     * @return the class, from 0 to {@code c.classes() - 1}, or -1
     * @throws IndexOutOfBoundsException when the class neurons lie outside the state
     */
    public static int label(BipolarPattern state, Scoring.Classification c) {
        for (int j = 0; j < c.classes(); j++) {
            if (state.isPlus(c.firstClassNeuron() + j)) {
                return j;
            }
        }
        return -1;
    }
}
