package dev.engram.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.learn.Evaluator;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Probe;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSequenceTest {
    @TempDir
    Path dir;

    @Test
    void randomTasksHaveTheAskedCorrelationAndAreSeeded() {
        TaskSequence a = new RandomTasks(400, 20, 3, 0.5, 0.1, true).generate(7);
        TaskSequence b = new RandomTasks(400, 20, 3, 0.5, 0.1, true).generate(7);
        assertEquals(3, a.size());
        assertEquals(400, a.dimension());
        assertEquals(a.tasks().get(2).items().get(5).state().toString(), b.tasks().get(2).items().get(5).state().toString());
        // pairwise overlap of two items correlated 0.5 with one template: expected 0.25 N
        double sum = 0;
        int pairs = 0;
        for (Task t : a.tasks()) {
            for (int i = 1; i < t.items().size(); i++) {
                sum += t.items().get(i).state().overlap(t.items().get(i - 1).state()) / 400.0;
                pairs++;
            }
        }
        assertEquals(0.25, sum / pairs, 0.05);
        TaskSequence indep = new RandomTasks(400, 20, 1, 0.0, 0.1, true).generate(7);
        Task t0 = indep.tasks().get(0);
        assertEquals(0.0, t0.items().get(0).state().overlap(t0.items().get(1).state()) / 400.0, 0.2);
        Probe p = t0.probes().get(0);
        assertEquals(40, p.start().hamming(p.expected()));
        assertThrows(IllegalArgumentException.class, () -> new RandomTasks(10, 1, 1, 1.5, 0.1, true));
    }

    @Test
    void permutedTasksPermutePixelsAndKeepLabels() throws IOException {
        IdxTest.writeTinyMnist(dir.resolve("mnist"), 40, false);
        ImageSet train = ImageSet.load(dir, ImageSet.Source.MNIST, true);
        ImageSet test = ImageSet.load(dir, ImageSet.Source.MNIST, false);
        TaskSequence s = ImageTasks.permuted(train, test, 3, 20, 10, 0, 5);
        assertEquals(26, s.dimension());
        Scoring.Classification c = (Scoring.Classification) s.tasks().get(0).scoring();
        assertEquals(16, c.firstClassNeuron());
        Set<String> pixelSets = new HashSet<>();
        for (Task t : s.tasks()) {
            assertEquals(20, t.items().size());
            assertEquals(10, t.probes().size());
            for (Item it : t.items()) {
                assertEquals(10, it.trained().count());
                int label = Evaluator.label(it.state(), c);
                assertTrue(label >= 0);
                // the number of lit pixels is kept by a permutation
                int lit = 0;
                for (int p = 0; p < 16; p++) {
                    lit += it.state().isPlus(p) ? 1 : 0;
                }
                int expected = 0;
                for (int p = 0; p < 16; p++) {
                    expected += (p + label) % 3 == 0 ? 1 : 0;
                }
                assertEquals(expected, lit);
            }
            for (Probe p : t.probes()) {
                assertEquals(-1, Evaluator.label(p.start(), c));
                assertEquals(p.expected().toString().substring(0, 16), p.start().toString().substring(0, 16));
            }
            // the same label-0 image as it looks in this task
            for (Item it : t.items()) {
                if (Evaluator.label(it.state(), c) == 0) {
                    pixelSets.add(it.state().toString().substring(0, 16));
                    break;
                }
            }
        }
        assertEquals(3, pixelSets.size(), "each task permutes the pixels differently");
    }

    @Test
    void classSplitTakesTwoClassesPerTask() throws IOException {
        IdxTest.writeTinyMnist(dir.resolve("mnist"), 60, false);
        ImageSet train = ImageSet.load(dir, ImageSet.Source.MNIST, true);
        ImageSet test = ImageSet.load(dir, ImageSet.Source.MNIST, false);
        TaskSequence s = ImageTasks.classSplit("split-mnist", train, test, 5, 100, 100, 0, 1);
        for (int t = 0; t < 5; t++) {
            Task task = s.tasks().get(t);
            assertEquals(12, task.items().size());
            for (Item it : task.items()) {
                int l = Evaluator.label(it.state(), (Scoring.Classification) task.scoring());
                assertTrue(l == 2 * t || l == 2 * t + 1, "label " + l + " in task " + t);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ImageTasks.classSplit("split-mnist", train, test, 6, 10, 10, 0, 1));
    }

    @Test
    void noisyProbesFlipOnlyFreeComponents() throws IOException {
        TaskSequence r = new RandomTasks(100, 5, 1, 0, 0, true).generate(1);
        Task noisy = r.noisyCopy(0, 0.2, 3, 9);
        assertEquals(3, noisy.probes().size());
        for (Probe p : noisy.probes()) {
            assertEquals(20, p.start().hamming(p.expected()));
        }
        IdxTest.writeTinyMnist(dir.resolve("mnist"), 20, false);
        ImageSet train = ImageSet.load(dir, ImageSet.Source.MNIST, true);
        TaskSequence img = ImageTasks.permuted(train, ImageSet.load(dir, ImageSet.Source.MNIST, false), 1, 10, 5, 0, 1);
        Task n2 = img.noisyCopy(0, 0.25, 10, 3);
        for (Probe p : n2.probes()) {
            BipolarPattern s = p.start();
            for (int i = 16; i < 26; i++) {
                assertEquals(-1, s.get(i));
            }
            int diff = 0;
            for (int i = 0; i < 16; i++) {
                diff += s.get(i) != p.expected().get(i) ? 1 : 0;
            }
            assertEquals(4, diff);
            assertNotEquals(null, p.update());
        }
    }
}
