package dev.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link TrainableModel}, the flat-parameter view gradient strategies work on: extend it in
 * your tests and supply {@link #newModel()}.
 *
 * <pre>{@code
 * class MyModelTrainableContractTest extends TrainableModelContract<MyModel> {
 *     protected MyModel newModel() { return new MyModel(32, MyModel.params(Map.of("epochs", 5)), 1); }
 * }
 * }</pre>
 *
 * <p>What is checked: {@code parameters()}/{@code setParameters} round trip (a restored snapshot gives the same
 * loss and gradient); {@code lossAndGradient} and {@code outputNormGradient} agree with central finite
 * differences on a few coordinates and overwrite their gradient array; a few {@link SequentialTrainer} epochs lower
 * the loss of a small task; the optimiser hooks keep their promises ({@code stepDirection} leaves the optimiser
 * alone and points downhill, {@code constrainUpdate} is what {@code applyUpdate} does); a frozen model refuses
 * {@code applyUpdate}; epochs, batch size and parameter count are at least 1. Keep the model small (a few thousand
 * parameters) and its epochs few: the tests train it several times.
 *
 * @param <M> the model type
 */
public abstract class TrainableModelContract<M extends TrainableModel> {
    /** For the test class that extends the contract. */
    protected TrainableModelContract() {
    }


    /** A new, untrained model; every test starts from one, and two calls give equal models. */
    protected abstract M newModel();

    /** The small task the tests train on: by default 4 random items of the model's dimension. */
    protected Task task(int dimension) {
        SplittableRandom r = new SplittableRandom(seed());
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            items.add(Item.of(BipolarPattern.random(dimension, r)));
        }
        return new Task("contract", items, List.of(), Scoring.exact());
    }

    /** The model the gradient check runs at: by default a new one. */
    protected M modelForGradientCheck() {
        return newModel();
    }

    /** The step h of the central differences {@code (L(θ + h) − L(θ − h)) / 2h}. */
    protected double finiteDifferenceStep() {
        return 1e-3;
    }

    /**
     * The allowed relative error of a gradient component: {@code |fd − g| <= tol (|fd| + 0.01 max|g|)}. The
     * default suits a loss computed in float; raise it for a model with kinks or heavy rounding.
     */
    protected double gradientTolerance() {
        return 2e-2;
    }

    /** How many coordinates the gradient check compares (half of them those with the largest gradient). */
    protected int gradientCoordinates() {
        return 8;
    }

    /** The seed of every random choice the tests make. */
    protected long seed() {
        return 1;
    }

    // ------------------------------------------------------------------ the contract

    @Test
    public void countsAreSane() {
        M model = newModel();
        assertTrue(model.parameterCount() >= 1, "parameterCount() is " + model.parameterCount());
        assertEquals(model.parameterCount(), model.parameters().length, "parameters().length and parameterCount()");
        assertTrue(model.epochs() >= 1, "epochs() is " + model.epochs() + "; expected at least 1");
        assertTrue(model.batchSize() >= 1, "batchSize() is " + model.batchSize() + "; expected at least 1");
    }

    @Test
    public void aRestoredSnapshotGivesTheSameLossAndGradient() {
        Task task = task(newModel().dimension());
        M trained = newModel();
        train(trained, task);
        M fresh = newModel();
        float[] snapshot = trained.parameters().clone();
        assertFalse(Arrays.equals(snapshot, fresh.parameters()), "training did not change the parameters");
        fresh.setParameters(snapshot);
        assertArrayEquals(snapshot, fresh.parameters(), "parameters() after setParameters(snapshot)");
        Arrays.fill(snapshot, 0f);
        assertArrayEquals(trained.parameters(), fresh.parameters(),
                "setParameters must copy the values: changing the array afterwards changed the model");
        float[] g1 = new float[trained.parameterCount()];
        float[] g2 = new float[trained.parameterCount()];
        assertEquals(trained.lossAndGradient(task.items(), g1), fresh.lossAndGradient(task.items(), g2),
                "the loss of a restored snapshot");
        assertArrayEquals(g1, g2, "the gradient of a restored snapshot");
        float[] wrong = new float[trained.parameterCount() + 1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fresh.setParameters(wrong));
        assertTrue(String.valueOf(e.getMessage()).contains(String.valueOf(wrong.length)),
                "the message must name the wrong length " + wrong.length + ": " + e.getMessage());
    }

    @Test
    public void lossGradientMatchesFiniteDifferences() {
        checkGradient(false);
    }

    @Test
    public void outputNormGradientMatchesFiniteDifferences() {
        checkGradient(true);
    }

    @Test
    public void aFewTrainingEpochsLowerTheLoss() {
        M model = newModel();
        Task task = task(model.dimension());
        float[] grad = new float[model.parameterCount()];
        double before = model.lossAndGradient(task.items(), grad);
        train(model, task);
        double after = model.lossAndGradient(task.items(), grad);
        assertTrue(Double.isFinite(before) && Double.isFinite(after), "losses must be finite: " + before + ", " + after);
        assertTrue(after < before, "training for " + model.epochs() + " epochs did not lower the loss: " + before
                + " before, " + after + " after");
    }

    @Test
    public void optimiserHooksKeepTheirPromises() {
        M a = newModel();
        M b = newModel();
        int p = a.parameterCount();
        SplittableRandom r = new SplittableRandom(seed() + 1);
        float[] g1 = new float[p];
        float[] g2 = new float[p];
        a.lossAndGradient(task(a.dimension()).items(), g1);
        for (int i = 0; i < p; i++) {
            g2[i] = (float) r.nextGaussian();
        }
        for (M m : List.of(a, b)) {
            m.beginTask();
            m.beginEpoch(0, 2);
        }
        float[] da = new float[p];
        float[] db = new float[p];
        a.updateFromGradient(g1, da);
        b.updateFromGradient(g1, db);
        assertArrayEquals(db, da, "two equal models give different updates for one gradient");
        float[] dir = new float[p];
        a.stepDirection(g2, dir);
        assertTrue(dot(dir, g2) < 0, "stepDirection(g) must point downhill: dot(direction, g) = " + dot(dir, g2));
        a.updateFromGradient(g2, da);
        b.updateFromGradient(g2, db);
        assertArrayEquals(db, da, "stepDirection must neither read nor change the optimiser state");
        float[] delta = new float[p];
        for (int i = 0; i < p; i++) {
            delta[i] = (float) (2 * r.nextGaussian());
        }
        float[] before = a.parameters().clone();
        float[] cut = delta.clone();
        a.constrainUpdate(cut);
        assertArrayEquals(before, a.parameters(), "constrainUpdate must change no state");
        a.applyUpdate(delta);
        for (int i = 0; i < p; i++) {
            assertEquals(before[i] + cut[i], a.parameters()[i], 1e-6f * (1 + Math.abs(before[i])),
                    "applyUpdate(delta) must make the change constrainUpdate(delta) says, parameter " + i);
        }
    }

    @Test
    public void aFrozenModelRefusesUpdates() {
        M model = newModel();
        float[] before = model.parameters().clone();
        float[] grad = new float[model.parameterCount()];
        Task task = task(model.dimension());
        double loss = model.lossAndGradient(task.items(), grad);
        model.freeze();
        float[] delta = new float[model.parameterCount()];
        Arrays.fill(delta, 0.01f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.applyUpdate(delta),
                "applyUpdate on a frozen model");
        assertTrue(String.valueOf(e.getMessage()).contains("frozen"),
                "the message must say the model is frozen: " + e.getMessage());
        assertArrayEquals(before, model.parameters(), "a refused update must not change the parameters");
        assertEquals(loss, model.lossAndGradient(task.items(), grad), "a frozen model still computes its loss");
    }

    // ------------------------------------------------------------------ helpers

    private void train(M model, Task task) {
        new SequentialTrainer(model, () -> "naive", seed()).learn(0, task);
    }

    private void checkGradient(boolean outputNorm) {
        M model = modelForGradientCheck();
        List<Item> batch = task(model.dimension()).items();
        int p = model.parameterCount();
        float[] grad = new float[p];
        Arrays.fill(grad, 1e3f); // the model must overwrite, not add to, what is there
        double value = evaluate(model, batch, grad, outputNorm);
        float[] clean = new float[p];
        assertEquals(value, evaluate(model, batch, clean, outputNorm), "the same parameters give another value");
        assertArrayEquals(clean, grad, "the gradient array must be overwritten, not added to");
        float max = 0;
        for (float g : grad) {
            assertTrue(Float.isFinite(g), "gradient component " + g);
            max = Math.max(max, Math.abs(g));
        }
        assertTrue(max > 0, "the gradient is zero everywhere: the check would compare nothing");
        float[] theta = model.parameters().clone();
        float[] scratch = new float[p];
        double h = finiteDifferenceStep();
        int target = Math.min(p, gradientCoordinates());
        int compared = 0;
        for (int i : coordinates(grad)) {
            if (compared == target) {
                break;
            }
            float old = theta[i];
            theta[i] = (float) (old + h);
            double hi = theta[i];
            Double up = valueAt(model, theta, batch, scratch, outputNorm);
            theta[i] = (float) (old - h);
            double lo = theta[i];
            Double down = up == null ? null : valueAt(model, theta, batch, scratch, outputNorm);
            theta[i] = old;
            model.setParameters(theta);
            if (down == null) {
                continue; // the parameter sits at a bound of its range: θ ± h is refused
            }
            double fd = (up - down) / (hi - lo);
            double allowed = gradientTolerance() * (Math.abs(fd) + 0.01 * max);
            assertEquals(fd, grad[i], allowed, (outputNorm ? "outputNormGradient" : "lossAndGradient")
                    + ": component " + i + " against central differences with h = " + h);
            compared++;
        }
        assertEquals(target, compared, "too few coordinates could be moved by ±" + h + " (the others sit at a bound)");
    }

    /** The value at parameters {@code theta}, or null when the model refuses them (outside its range). */
    private static Double valueAt(TrainableModel m, float[] theta, List<Item> batch, float[] grad, boolean outputNorm) {
        try {
            m.setParameters(theta);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return evaluate(m, batch, grad, outputNorm);
    }

    private static double evaluate(TrainableModel m, List<Item> batch, float[] grad, boolean outputNorm) {
        return outputNorm ? m.outputNormGradient(batch, grad) : m.lossAndGradient(batch, grad);
    }

    /**
     * Candidate coordinates in the order they are tried: the half of {@link #gradientCoordinates()} with the
     * largest |gradient|, then every other coordinate in a seeded random order (to replace those at a bound).
     */
    private int[] coordinates(float[] grad) {
        int p = grad.length;
        Integer[] byMagnitude = new Integer[p];
        for (int i = 0; i < p; i++) {
            byMagnitude[i] = i;
        }
        Arrays.sort(byMagnitude, (x, y) -> Float.compare(Math.abs(grad[y]), Math.abs(grad[x])));
        int top = Math.min(p, (gradientCoordinates() + 1) / 2);
        List<Integer> rest = new ArrayList<>(Arrays.asList(byMagnitude).subList(top, p));
        java.util.Collections.shuffle(rest, new SplittableRandom(seed() + 2));
        int[] out = new int[p];
        for (int i = 0; i < p; i++) {
            out[i] = i < top ? byMagnitude[i] : rest.get(i - top);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
