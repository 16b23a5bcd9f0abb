package dev.engram.experiments.data;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Probe;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Image tasks in the Dense Associative Memory's classifier form (McAlister et al.): the state is
 * {@code [pixels binarised to ±1 | 10 class neurons, one-hot in ±1]}; an item trains only the class neurons; a
 * probe starts from the pixels with every class neuron at -1, only the class neurons may change, and the
 * prediction is the class neuron with the largest field ({@link Scoring.Classification}). A pixel is +1 when its
 * grey value is above {@code threshold} (0: every non-zero pixel, as the authors' library does).
 */
public final class ImageTasks {
    /** Number of class neurons. */
    public static final int CLASSES = 10;

    private ImageTasks() {
    }

    /**
     * Permuted MNIST: task {@code t} applies a fixed random permutation (from {@code seed}) to the pixels of every
     * image, labels kept. Each task takes {@code trainPerTask} training images and {@code testPerTask} test
     * images, drawn at random (from {@code seed}) and different for each task.
     */
    public static TaskSequence permuted(ImageSet train, ImageSet test, int tasks, int trainPerTask, int testPerTask,
                                        int threshold, long seed) {
        checkCounts(train, test, tasks, trainPerTask, testPerTask, threshold);
        int px = train.size();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Task> list = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int[] perm = permutation(px, rng);
            int[] trainIdx = sample(train.count(), trainPerTask, rng);
            int[] testIdx = sample(test.count(), testPerTask, rng);
            list.add(task("perm-" + (t + 1), train, trainIdx, test, testIdx, perm, threshold));
        }
        Map<String, Object> s = settings("permuted-mnist", train, tasks, trainPerTask, testPerTask, threshold, seed);
        return new TaskSequence("permuted-mnist", list, s);
    }

    /**
     * One task of every class (single-task MNIST or Fashion-MNIST): {@code trainCount} training and
     * {@code testCount} test images drawn at random (from {@code seed}; all of them when the count is the set's
     * size), pixels in their own order.
     */
    public static TaskSequence single(String kind, ImageSet train, ImageSet test, int trainCount, int testCount,
                                      int threshold, long seed) {
        checkCounts(train, test, 1, trainCount, testCount, threshold);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] identity = new int[train.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        int[] trainIdx = sample(train.count(), trainCount, rng);
        int[] testIdx = sample(test.count(), testCount, rng);
        List<Task> list = List.of(task(kind, train, trainIdx, test, testIdx, identity, threshold));
        return new TaskSequence(kind, list, settings(kind, train, 1, trainCount, testCount, threshold, seed));
    }

    /**
     * Class-split: task {@code t} holds the classes {@code 2t} and {@code 2t+1} ({@code tasks} at most 5), with up
     * to {@code trainPerTask} training and {@code testPerTask} test images of those classes, drawn at random.
     * All 10 class neurons stay in the state (class-incremental).
     */
    public static TaskSequence classSplit(String kind, ImageSet train, ImageSet test, int tasks, int trainPerTask,
                                          int testPerTask, int threshold, long seed) {
        checkCounts(train, test, 1, Math.min(trainPerTask, train.count()), Math.min(testPerTask, test.count()), threshold);
        if (tasks < 1 || tasks > CLASSES / 2) {
            throw new IllegalArgumentException("a class split has 1 to " + CLASSES / 2 + " tasks (two classes each), got " + tasks);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] identity = new int[train.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        List<Task> list = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int a = 2 * t;
            int b = 2 * t + 1;
            int[] trainIdx = sampleClasses(train, a, b, trainPerTask, rng);
            int[] testIdx = sampleClasses(test, a, b, testPerTask, rng);
            list.add(task("classes-" + a + "-" + b, train, trainIdx, test, testIdx, identity, threshold));
        }
        return new TaskSequence(kind, list, settings(kind, train, tasks, trainPerTask, testPerTask, threshold, seed));
    }

    private static void checkCounts(ImageSet train, ImageSet test, int tasks, int trainPerTask, int testPerTask, int threshold) {
        RandomTasks.check("tasks", tasks, 1, 1000);
        RandomTasks.check("training images per task", trainPerTask, 1, train.count());
        RandomTasks.check("test images per task", testPerTask, 1, test.count());
        RandomTasks.check("binarisation threshold", threshold, 0, 254);
        if (train.size() != test.size()) {
            throw new IllegalArgumentException("training images have " + train.size() + " pixels, test images " + test.size());
        }
    }

    private static Map<String, Object> settings(String kind, ImageSet train, int tasks, int trainPerTask, int testPerTask,
                                                int threshold, long seed) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", kind);
        s.put("dimension", train.size() + CLASSES);
        s.put("tasks", tasks);
        s.put("train", trainPerTask);
        s.put("test", testPerTask);
        s.put("threshold", threshold);
        s.put("seed", seed);
        return s;
    }

    private static Task task(String name, ImageSet train, int[] trainIdx, ImageSet test, int[] testIdx, int[] perm,
                             int threshold) {
        int n = train.size() + CLASSES;
        NeuronMask classes = NeuronMask.range(n, train.size(), n);
        List<Item> items = new ArrayList<>(trainIdx.length);
        for (int i : trainIdx) {
            items.add(new Item(encode(train, i, perm, train.label(i), threshold), classes));
        }
        List<Probe> probes = new ArrayList<>(testIdx.length);
        for (int i : testIdx) {
            BipolarPattern expected = encode(test, i, perm, test.label(i), threshold);
            BipolarPattern start = encode(test, i, perm, -1, threshold);
            probes.add(new Probe(start, expected, classes));
        }
        return new Task(name, items, probes, new Scoring.Classification(train.size(), CLASSES));
    }

    /**
     * The classifier state of {@code image}: pixel {@code perm[p]} goes to neuron {@code p}, then the class
     * neurons with {@code label}'s at +1 ({@code label = -1}: all at -1).
     */
    public static BipolarPattern encode(ImageSet set, int image, int[] perm, int label, int threshold) {
        int px = set.size();
        int n = px + CLASSES;
        long[] w = new long[BipolarPattern.wordsFor(n)];
        for (int p = 0; p < px; p++) {
            if (set.pixel(image, perm[p]) > threshold) {
                w[p >>> 6] |= 1L << p;
            }
        }
        if (label >= 0) {
            int i = px + label;
            w[i >>> 6] |= 1L << i;
        }
        return BipolarPattern.fromWords(w, n);
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static int[] sample(int population, int k, SplittableRandom rng) {
        int[] p = permutation(population, rng);
        return java.util.Arrays.copyOf(p, k);
    }

    private static int[] sampleClasses(ImageSet set, int a, int b, int max, SplittableRandom rng) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < set.count(); i++) {
            int l = set.label(i);
            if (l == a || l == b) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            throw new IllegalArgumentException(set.name() + " has no image of class " + a + " or " + b);
        }
        int[] all = idx.stream().mapToInt(Integer::intValue).toArray();
        int[] order = permutation(all.length, rng);
        int k = Math.min(max, all.length);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = all[order[i]];
        }
        return out;
    }
}
