package dev.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Strategy}: extend it in your tests and supply {@link #newStrategy()}; the strategy
 * is trained on a small task sequence with a {@link SmallDam} (override {@link #newModel()} for another model).
 *
 * <pre>{@code
 * class L2AnchorContractTest extends StrategyContract {
 *     protected Strategy newStrategy() {
 *         StrategyProvider p = Registry.load().strategy("l2");
 *         return p.create(new StrategyContext(p.parseParams(Map.of("lambda", 10.0)), 1));
 *     }
 *     protected List<Model> incompatibleModels() { return List.of(aHebbianHopfieldNetwork()); }
 * }
 * }</pre>
 *
 * <p>What is checked: the hooks run in the trainer's order ({@code beforeTask} first, {@code afterTask} last) and
 * leave the model to the trainer (inside a hook the model's parameters do not change, and the strategy calls
 * nothing that changes the model or its optimiser: {@code applyUpdate}, {@code setParameters},
 * {@code updateFromGradient}, {@code beginTask}, {@code beginEpoch}, {@code store}); penalties, gradients and
 * updates stay finite; {@code augmentBatch} does not modify its input; a strategy restored from its
 * {@code writeState} trains the next task exactly as the original does (same parameters, same seed);
 * {@code checkCompatible} accepts the test model and refuses, naming both, the models the subclass lists.
 */
public abstract class StrategyContract {
    /** For the test class that extends the contract. */
    protected StrategyContract() {
    }


    /** A new strategy; two calls give equal strategies (same parameters, same seed). */
    protected abstract Strategy newStrategy();

    /**
     * The model the strategy is trained with: by default a {@link SmallDam} of dimension 24 with 6 memories,
     * 10 epochs per task. Its parameters must be its whole state between tasks: the restore test rebuilds a model
     * with {@code setParameters}.
     */
    protected TrainableModel newModel() {
        return SmallDam.create(24, Map.of(), 9);
    }

    /** The task sequence: by default 3 tasks of 4 random items each. */
    protected List<Task> tasks(int dimension) {
        SplittableRandom r = new SplittableRandom(seed() + 1);
        List<Task> out = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                items.add(Item.of(BipolarPattern.random(dimension, r)));
            }
            out.add(new Task("task-" + (t + 1), items, List.of(), Scoring.exact()));
        }
        return out;
    }

    /**
     * Models the strategy cannot work with and must refuse in {@code checkCompatible} (e.g. a storage-only memory
     * for a gradient penalty); none by default, and then that test is skipped.
     */
    protected List<Model> incompatibleModels() {
        return List.of();
    }

    /**
     * Whether the strategy's state changes how it trains the next task, so that the restore test can tell a
     * restored strategy from a fresh one. False for a strategy that keeps no state between tasks.
     */
    protected boolean stateChangesTraining() {
        return true;
    }

    /** The seed of the trainer and of every random choice the tests make. */
    protected long seed() {
        return 1;
    }

    // ------------------------------------------------------------------ the contract

    @Test
    public void hooksRunInOrderAndLeaveTheModelToTheTrainer() {
        Recorder rec = run();
        assertEquals(List.of(), rec.model.violations, "a strategy hook changed the model itself");
        assertEquals(List.of(), rec.problems, "the strategy's hooks");
        StringBuilder expected = new StringBuilder();
        for (int t = 0; t < rec.tasks; t++) {
            expected.append(t == 0 ? "" : ",").append("beforeTask ").append(t)
                    .append("(,augmentBatch T,addPenalty T,adjustGradient T,adjustUpdate T,afterStep T)+".replace("T", "" + t))
                    .append(",afterTask ").append(t);
        }
        String events = String.join(",", rec.events);
        assertTrue(events.matches(expected.toString()), "the hooks ran out of order: each task must be beforeTask,"
                + " then per step augmentBatch, addPenalty, adjustGradient, adjustUpdate, afterStep, then afterTask; got "
                + (events.length() > 2000 ? events.substring(0, 2000) + "..." : events));
    }

    @Test
    public void augmentBatchLeavesItsInputAlone() {
        Recorder rec = run();
        assertEquals(List.of(), rec.batchProblems, "augmentBatch");
        assertTrue(rec.events.contains("augmentBatch " + (rec.tasks - 1)), "augmentBatch was not called after a task");
    }

    @Test
    public void aRestoredStrategyTrainsTheNextTaskLikeTheOriginal() throws IOException {
        TrainableModel model = newModel();
        List<Task> tasks = tasks(model.dimension());
        int last = tasks.size() - 1;
        Strategy original = newStrategy();
        SequentialTrainer trainer = new SequentialTrainer(model, original, seed());
        for (int t = 0; t < last; t++) {
            trainer.learn(t, tasks.get(t));
        }
        byte[] state = state(original);
        float[] between = model.parameters().clone();

        Strategy restored = newStrategy();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        restored.readState(in);
        assertEquals(0, in.available(), "readState left bytes of what writeState wrote unread");
        assertArrayEquals(state, state(restored), "a restored strategy must write the state it was restored from");

        trainer.learn(last, tasks.get(last));
        TrainableModel again = newModel();
        again.setParameters(between);
        new SequentialTrainer(again, restored, seed()).learn(last, tasks.get(last));
        assertArrayEquals(model.parameters(), again.parameters(),
                "the restored strategy trained the next task differently from the original");
        assertArrayEquals(state(original), state(restored), "the state after the next task");

        if (stateChangesTraining()) {
            TrainableModel fresh = newModel();
            fresh.setParameters(between);
            new SequentialTrainer(fresh, newStrategy(), seed()).learn(last, tasks.get(last));
            assertFalse(Arrays.equals(model.parameters(), fresh.parameters()), "a fresh strategy trains the next task"
                    + " as the restored one does, so the check shows nothing; override stateChangesTraining() to return"
                    + " false if the strategy keeps no state");
        }
    }

    @Test
    public void theTestModelIsAcceptedAndTheNameIsValid() {
        Strategy s = newStrategy();
        assertTrue(String.valueOf(s.providerName()).matches("[a-z][a-z0-9_-]*"),
                "providerName() must be lower case letters, digits, '_' or '-': " + s.providerName());
        TrainableModel model = newModel();
        assertDoesNotThrow(() -> s.checkCompatible(model), "checkCompatible refused the test model");
    }

    @Test
    public void modelsItCannotWorkWithAreRefusedNamingBoth() {
        List<Model> models = incompatibleModels();
        assumeFalse(models.isEmpty(), "incompatibleModels() lists none");
        for (Model m : models) {
            Strategy s = newStrategy();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.checkCompatible(m),
                    "checkCompatible of model '" + m.providerName() + "'");
            String msg = String.valueOf(e.getMessage());
            assertTrue(msg.contains(s.providerName()) && msg.contains(m.providerName()),
                    "the message must name the strategy '" + s.providerName() + "' and the model '" + m.providerName()
                            + "': " + msg);
            assertThrows(IllegalArgumentException.class, () -> new SequentialTrainer(m, newStrategy(), seed()),
                    "the trainer must refuse model '" + m.providerName() + "' before training starts");
        }
    }

    // ------------------------------------------------------------------ the recorded run

    /** Trains every task through a recording strategy on a recording model. */
    private Recorder run() {
        RecordingModel model = RecordingModel.of(newModel());
        Recorder rec = new Recorder(newStrategy(), model);
        SequentialTrainer trainer = new SequentialTrainer(model, rec, seed());
        List<Task> tasks = tasks(model.dimension());
        for (int t = 0; t < tasks.size(); t++) {
            trainer.learn(t, tasks.get(t));
        }
        rec.tasks = tasks.size();
        return rec;
    }

    private static byte[] state(Strategy s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            s.writeState(out);
        }
        return b.toByteArray();
    }

    /** Passes every hook to the strategy under test, noting the order and what each hook did. */
    private static final class Recorder implements Strategy {
        final Strategy inner;
        final RecordingModel model;
        final List<String> events = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> batchProblems = new ArrayList<>();
        int tasks;

        Recorder(Strategy inner, RecordingModel model) {
            this.inner = inner;
            this.model = model;
        }

        private void hook(String name, TrainingContext ctx, Runnable call) {
            events.add(name + " " + ctx.taskIndex());
            if (ctx.model() != model) {
                problems.add(name + " saw another model");
            }
            float[] before = model.parameters().clone();
            model.hook = name;
            try {
                call.run();
            } finally {
                model.hook = null;
            }
            if (!Arrays.equals(before, model.parameters())) {
                problems.add(name + " (task " + ctx.taskIndex() + ") changed the model's parameters");
            }
        }

        private void finite(String name, float[] values, String what) {
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    problems.add(name + " left a non-finite " + what + ": " + v);
                    return;
                }
            }
        }

        @Override
        public String providerName() {
            return inner.providerName();
        }

        @Override
        public void checkCompatible(Model m) {
            inner.checkCompatible(m);
        }

        @Override
        public void beforeTask(TrainingContext ctx) {
            hook("beforeTask", ctx, () -> inner.beforeTask(ctx));
        }

        @Override
        public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
            List<Item> input = List.copyOf(batch); // immutable: any change to it throws
            List<List<Item>> out = new ArrayList<>(1);
            hook("augmentBatch", ctx, () -> {
                try {
                    out.add(inner.augmentBatch(ctx, input));
                } catch (UnsupportedOperationException e) {
                    batchProblems.add("augmentBatch tried to modify its input batch: " + e);
                }
            });
            if (out.isEmpty()) {
                return batch;
            }
            List<Item> result = out.get(0);
            if (result == null || result.isEmpty()) {
                batchProblems.add("augmentBatch returned " + (result == null ? "null" : "an empty batch"));
                return batch;
            }
            for (Item it : result) {
                if (it.state().size() != model.dimension()) {
                    batchProblems.add("augmentBatch returned an item of dimension " + it.state().size()
                            + " for a model of dimension " + model.dimension());
                }
            }
            return result;
        }

        @Override
        public double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
            double[] value = new double[1];
            hook("addPenalty", ctx, () -> value[0] = inner.addPenalty(ctx, params, grad));
            if (!Double.isFinite(value[0])) {
                problems.add("addPenalty returned " + value[0]);
            }
            finite("addPenalty", grad, "gradient component");
            return value[0];
        }

        @Override
        public void adjustGradient(TrainingContext ctx, float[] grad) {
            hook("adjustGradient", ctx, () -> inner.adjustGradient(ctx, grad));
            finite("adjustGradient", grad, "gradient component");
        }

        @Override
        public void adjustUpdate(TrainingContext ctx, float[] delta) {
            hook("adjustUpdate", ctx, () -> inner.adjustUpdate(ctx, delta));
            finite("adjustUpdate", delta, "update component");
        }

        @Override
        public void afterStep(TrainingContext ctx, float[] lossGrad, float[] delta) {
            hook("afterStep", ctx, () -> inner.afterStep(ctx, lossGrad, delta));
        }

        @Override
        public void afterTask(TrainingContext ctx) {
            hook("afterTask", ctx, () -> inner.afterTask(ctx));
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            inner.writeState(out);
        }

        @Override
        public void readState(DataInput in) throws IOException {
            inner.readState(in);
        }
    }
}
