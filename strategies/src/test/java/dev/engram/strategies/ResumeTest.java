package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.Model;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run can resume between tasks: train two tasks, save the strategy state and the model, restore both into fresh
 * instances, train task 3 — the same numbers as the uninterrupted run with the same seed.
 */
class ResumeTest {
    static final int N = 32;
    static final Registry REGISTRY = Registry.load();
    static final List<Task> TASKS = Sequences.randomTasks(3, 4, N, 2, 3, 21);

    static Params damParams() {
        ModelProvider p = REGISTRY.model("dam");
        return p.parseParams(Map.of("memories", 12, "n", 3, "interaction", "rectified", "form", "krotov",
                "temperature", 20.0, "epochs", 25, "batch-size", 2, "learning-rate", 0.2));
    }

    static Strategy strategy(String name) {
        StrategyProvider sp = REGISTRY.strategy(name);
        Map<String, Object> raw = new LinkedHashMap<>();
        switch (name) {
            case "rehearsal" -> raw.put("buffer-size", 5);
            case "pseudorehearsal" -> raw.put("count", 6);
            case "ewc", "mas" -> raw.put("normalise", true);
            case "agem" -> raw.put("memory-batch", 3);
            case "gem" -> raw.put("memory-per-task", 3);
            default -> {
            }
        }
        return sp.create(new StrategyContext(sp.parseParams(raw), 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"naive", "rehearsal", "pseudorehearsal", "ewc", "si", "mas", "gem", "agem"})
    void resumingBetweenTasksGivesTheSameNumbersAsAnUninterruptedRun(String name) throws IOException {
        ModelProvider mp = REGISTRY.model("dam");
        ModelContext mctx = new ModelContext(N, damParams(), REGISTRY.kernels(), 7);
        long seed = 99;

        // uninterrupted
        Model whole = mp.create(mctx);
        Strategy s0 = strategy(name);
        SequentialTrainer a = new SequentialTrainer(whole, s0, seed);
        for (int t = 0; t < 3; t++) {
            a.learn(t, TASKS.get(t));
        }

        // two tasks, save, restore into fresh instances, third task
        Model first = mp.create(mctx);
        Strategy s1 = strategy(name);
        SequentialTrainer b = new SequentialTrainer(first, s1, seed);
        b.learn(0, TASKS.get(0));
        b.learn(1, TASKS.get(1));
        ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream strategyBytes = new ByteArrayOutputStream();
        first.writeState(new DataOutputStream(modelBytes));
        s1.writeState(new DataOutputStream(strategyBytes));

        Model resumed = mp.read(mctx, new DataInputStream(new ByteArrayInputStream(modelBytes.toByteArray())));
        Strategy s2 = strategy(name);
        s2.readState(new DataInputStream(new ByteArrayInputStream(strategyBytes.toByteArray())));
        new SequentialTrainer(resumed, s2, seed).learn(2, TASKS.get(2));

        assertArrayEquals(((TrainableModel) whole).parameters(), ((TrainableModel) resumed).parameters(),
                name + ": the resumed run must end with the same memories");
        if (!name.equals("naive") && !name.equals("pseudorehearsal")) {
            // the state matters: resuming with a fresh strategy gives other numbers
            Model forgetful = mp.read(mctx, new DataInputStream(new ByteArrayInputStream(modelBytes.toByteArray())));
            new SequentialTrainer(forgetful, strategy(name), seed).learn(2, TASKS.get(2));
            assertTrue(!java.util.Arrays.equals(((TrainableModel) whole).parameters(), ((TrainableModel) forgetful).parameters()),
                    name + ": without its state the strategy must behave differently");
        }
        for (Task t : TASKS) {
            assertTrue(Evaluator.accuracy(whole, t) == Evaluator.accuracy(resumed, t));
        }
        // and the state written after the third task is the same too
        ByteArrayOutputStream x = new ByteArrayOutputStream();
        ByteArrayOutputStream y = new ByteArrayOutputStream();
        s0.writeState(new DataOutputStream(x));
        s2.writeState(new DataOutputStream(y));
        assertArrayEquals(x.toByteArray(), y.toByteArray(), name + ": strategy state after task 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rehearsal", "pseudorehearsal", "ewc", "si", "mas", "gem", "agem"})
    void aStateOfAnotherStrategyOrATruncatedStateIsRefused(String name) throws IOException {
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        strategy(name.equals("ewc") ? "si" : "ewc").writeState(new DataOutputStream(other));
        IOException e = assertThrows(IOException.class,
                () -> strategy(name).readState(new DataInputStream(new ByteArrayInputStream(other.toByteArray()))));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        // a state with content, cut short
        Model m = REGISTRY.model("dam").create(new ModelContext(N, damParams(), REGISTRY.kernels(), 7));
        Strategy s = strategy(name);
        SequentialTrainer tr = new SequentialTrainer(m, s, 1);
        tr.learn(0, TASKS.get(0));
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        s.writeState(new DataOutputStream(full));
        byte[] bytes = full.toByteArray();
        if (bytes.length > 40) {
            byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 7);
            assertThrows(IOException.class,
                    () -> strategy(name).readState(new DataInputStream(new ByteArrayInputStream(cut))));
        }
    }
}
