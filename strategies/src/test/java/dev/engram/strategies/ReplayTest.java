package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainingContext;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rehearsal's buffer policies and batch mixing; pseudorehearsal's generation. */
class ReplayTest {

    private static int countFrom(List<Item> buffer, Task task) {
        Set<Item> items = new HashSet<>(task.items());
        return (int) buffer.stream().filter(items::contains).count();
    }

    @Test
    void perTaskBalancedBufferKeepsAnEqualShareOfEveryTask() {
        List<Task> tasks = Sequences.randomTasks(3, 6, 20, 1, 1, 1);
        RehearsalStrategy r = new RehearsalStrategy(10, RehearsalStrategy.Policy.PER_TASK_BALANCED, 1.0, 0);
        SequentialTrainer tr = new SequentialTrainer(new ToyModel(20, 0.1, 0), r, 3);
        int[][] expected = {{6}, {5, 5}, {4, 3, 3}};
        for (int t = 0; t < 3; t++) {
            tr.learn(t, tasks.get(t));
            List<Item> buf = r.buffer();
            for (int j = 0; j <= t; j++) {
                assertEquals(expected[t][j], countFrom(buf, tasks.get(j)), "after task " + t + ", items of task " + j);
            }
            assertEquals(new HashSet<>(buf).size(), buf.size(), "no item twice");
        }
    }

    @Test
    void reservoirBufferIsBoundedAndSamplesTheWholeStream() {
        List<Task> tasks = Sequences.randomTasks(4, 10, 20, 1, 1, 2);
        RehearsalStrategy r = new RehearsalStrategy(8, RehearsalStrategy.Policy.RESERVOIR, 1.0, 0);
        SequentialTrainer tr = new SequentialTrainer(new ToyModel(20, 0.1, 0), r, 3);
        for (int t = 0; t < 4; t++) {
            tr.learn(t, tasks.get(t));
            assertEquals(8, r.buffer().size());
        }
        int tasksPresent = 0;
        for (Task t : tasks) {
            tasksPresent += countFrom(r.buffer(), t) > 0 ? 1 : 0;
        }
        assertTrue(tasksPresent >= 3, "a uniform sample of 40 items in 8 slots spans the tasks: " + tasksPresent);
        // uniformity over many seeds: the first task's items survive with probability 8/40
        int firstTask = 0;
        int runs = 300;
        for (int s = 0; s < runs; s++) {
            RehearsalStrategy rr = new RehearsalStrategy(8, RehearsalStrategy.Policy.RESERVOIR, 1.0, 0);
            for (int t = 0; t < 4; t++) {
                rr.afterTask(new TrainingContext(new ToyModel(20, 0.1, 0), t, tasks.get(t), new SplittableRandom(s * 31L + t)));
            }
            firstTask += countFrom(rr.buffer(), tasks.get(0));
        }
        double share = firstTask / (8.0 * runs);
        assertEquals(0.25, share, 0.04, "task 1 holds a quarter of the stream");
    }

    @Test
    void replayAddsTheRequestedNumberOfBufferedItemsWithoutTouchingTheBatch() {
        List<Task> tasks = Sequences.randomTasks(2, 6, 20, 1, 1, 4);
        RehearsalStrategy r = new RehearsalStrategy(50, RehearsalStrategy.Policy.PER_TASK_BALANCED, 0.5, 0);
        ToyModel toy = new ToyModel(20, 0.1, 0);
        new SequentialTrainer(toy, r, 1).learn(0, tasks.get(0));
        TrainingContext ctx = new TrainingContext(toy, 1, tasks.get(1), new SplittableRandom(1));
        List<Item> batch = List.copyOf(tasks.get(1).items().subList(0, 4));
        List<Item> out = r.augmentBatch(ctx, batch);
        assertEquals(6, out.size(), "4 new + round(0.5 * 4) replayed");
        assertEquals(batch, out.subList(0, 4));
        assertEquals(2, countFrom(out.subList(4, 6), tasks.get(0)));
        RehearsalStrategy counted = new RehearsalStrategy(50, RehearsalStrategy.Policy.PER_TASK_BALANCED, 0.5, 3);
        new SequentialTrainer(toy, counted, 1).learn(0, tasks.get(0));
        assertEquals(7, counted.augmentBatch(ctx, batch).size(), "replay-count wins over the fraction");
    }

    @Test
    void pseudoItemsAreStableDistinctAttractorsRegeneratedAtEachTask() {
        Registry reg = Registry.load();
        ModelProvider hp = reg.model("hopfield");
        int n = 64;
        BipolarMemory hebbian = (BipolarMemory) hp.create(new ModelContext(n, hp.parseParams(Map.of("rule", "hebbian")),
                reg.kernels(), 3));
        List<Task> tasks = Sequences.randomTasks(3, 4, n, 1, 3, 5);
        PseudorehearsalStrategy p = new PseudorehearsalStrategy(12, 3, 1.0, 20);
        SequentialTrainer tr = new SequentialTrainer(hebbian, p, 8);
        tr.learn(0, tasks.get(0));
        assertTrue(p.pseudoItems().isEmpty(), "nothing to rehearse before the first task");
        assertEquals(4, hebbian.size());

        tr.learn(1, tasks.get(1));
        List<Item> first = p.pseudoItems();
        assertTrue(first.size() >= 3, "pseudo-items found: " + first.size());
        checkPseudoItems(first, n);
        // a Hebbian net of 4 patterns has them as its main attractors: the pseudo-items recover what it knew
        Set<BipolarPattern> known = new HashSet<>();
        tasks.get(0).items().forEach(it -> {
            known.add(it.state());
            known.add(it.state().negate());
        });
        long recovered = first.stream().filter(it -> known.contains(it.state())).count();
        assertTrue(recovered >= 3, "stored patterns among the pseudo-items: " + recovered);
        assertEquals(4 + 4 + first.size(), hebbian.size(), "storage-only model: pseudo-items stored again with the new items");

        tr.learn(2, tasks.get(2));
        List<Item> second = p.pseudoItems();
        checkPseudoItems(second, n);
        assertNotEquals(first, second, "regenerated at each task");
        int[] rejected = p.rejected();
        assertTrue(rejected[1] > 0, "duplicates and negations occur and are rejected");
    }

    private static void checkPseudoItems(List<Item> items, int n) {
        Set<BipolarPattern> seen = new HashSet<>();
        for (Item it : items) {
            BipolarPattern s = it.state();
            assertEquals(n, s.size());
            assertTrue(!seen.contains(s) && !seen.contains(s.negate()), "duplicate or negated pseudo-item");
            seen.add(s);
        }
    }

    @Test
    void pseudoItemsAreFixedPointsOfTheNetworkTheyCameFrom() {
        Registry reg = Registry.load();
        ModelProvider dp = reg.model("dam");
        int n = 40;
        var dam = dp.create(new ModelContext(n, dp.parseParams(Map.of("memories", 16, "n", 3, "interaction", "rectified",
                "form", "krotov", "temperature", 20.0, "epochs", 40, "batch-size", 4, "learning-rate", 0.2)), reg.kernels(), 3));
        List<Task> tasks = Sequences.randomTasks(2, 4, n, 1, 3, 6);
        PseudorehearsalStrategy p = new PseudorehearsalStrategy(8, 3, 1.0, 30);
        new SequentialTrainer(dam, p, 2).learn(0, tasks.get(0));
        // generate against the trained network without training further
        TrainingContext ctx = new TrainingContext(dam, 1, tasks.get(1), new SplittableRandom(4));
        p.beforeTask(ctx);
        List<Item> pseudo = p.pseudoItems();
        assertTrue(!pseudo.isEmpty());
        float[] fields = new float[n];
        BipolarMemory mem = (BipolarMemory) dam;
        Set<BipolarPattern> seen = new HashSet<>();
        for (Item it : pseudo) {
            mem.fields(it.state(), NeuronMask.all(n), fields);
            for (int i = 0; i < n; i++) {
                assertEquals(it.state().get(i), fields[i] > 0 ? 1 : -1, "neuron " + i + " of a pseudo-item is stable");
            }
            assertTrue(seen.add(it.state()) && !seen.contains(it.state().negate()));
        }
        // trained model: pseudo-items are mixed into batches
        List<Item> batch = new ArrayList<>(tasks.get(1).items());
        assertEquals(8, p.augmentBatch(ctx, batch).size());
    }
}
