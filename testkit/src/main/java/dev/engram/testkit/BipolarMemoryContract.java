package dev.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.ModelFiles;
import dev.engram.api.NeuronMask;
import dev.engram.api.Recall;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.spi.Registry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of a {@link BipolarMemory}: extend it in your tests, supply {@link #newModel()}, and the tests
 * below run on your model. Each promise a model may or may not make is an overridable method with a default
 * that most models keep; override the ones your model promises otherwise (a test whose promise is off is
 * skipped, not passed).
 *
 * <pre>{@code
 * class SparseHopfieldContractTest extends BipolarMemoryContract<BipolarMemory> {
 *     protected BipolarMemory newModel() {
 *         ModelProvider p = Registry.load().model("sparse-hopfield");
 *         return (BipolarMemory) p.create(new ModelContext(64, p.parseParams(Map.of()), Registry.load().kernels(), 1));
 *     }
 *     protected int capacity() { return 6; }                  // 6 random patterns come back ...
 *     protected int probeFlips() { return 3; }                // ... from probes with 3 components flipped
 * }
 * }</pre>
 *
 * <p>What is checked: stored patterns are fixed points and are recalled from corrupted probes; energies are
 * finite and recall does not raise them; the fields' signs are the next states of the recall dynamics;
 * wrong dimensions are refused naming both; a frozen model refuses to learn and recalls as before; a model saved
 * with {@link ModelFiles} loads back equal; recall from several threads on a frozen model equals sequential
 * recall. All randomness comes from fixed seeds, so a failure repeats.
 *
 * @param <M> the model type
 */
public abstract class BipolarMemoryContract<M extends BipolarMemory> {
    /** For the test class that extends the contract. */
    protected BipolarMemoryContract() {
    }

    private static volatile Registry registry;

    // ------------------------------------------------------------------ what the subclass supplies

    /** A new, empty model; every test starts from one. Keep it small (dimension 32 to 128): the tests run it often. */
    protected abstract M newModel();

    /**
     * Teaches {@code model} the patterns: by default a {@link TrainableModel} is trained on them (a naive
     * {@link SequentialTrainer} run, the model's own epochs) and any other model stores them ({@code storeAll}).
     * Refused with {@link IllegalStateException} when the model is frozen.
     */
    protected void learn(M model, List<BipolarPattern> patterns) {
        if (model instanceof TrainableModel) {
            List<Item> items = patterns.stream().map(Item::of).toList();
            new SequentialTrainer(model, () -> "naive", seed())
                    .learn(0, new Task("contract", items, List.of(), Scoring.exact()));
        } else {
            model.storeAll(patterns);
        }
    }

    /** The patterns the model is taught: by default {@link #capacity()} uniformly random ones. */
    protected List<BipolarPattern> patterns(int dimension, RandomGenerator random) {
        List<BipolarPattern> out = new ArrayList<>();
        for (int i = 0; i < capacity(); i++) {
            out.add(BipolarPattern.random(dimension, random));
        }
        return out;
    }

    /** How many patterns the model promises to recall (the default {@link #patterns} draws this many). */
    protected int capacity() {
        return 3;
    }

    /** How many components of a stored pattern a probe has flipped, and the model still recalls it; 0 = none. */
    protected int probeFlips() {
        return 2;
    }

    /** The fraction of probes that must be recalled exactly (stored patterns and corrupted probes). */
    protected double minimumRecallRate() {
        return 1.0;
    }

    /** Whether every stored pattern is a fixed point of recall. */
    protected boolean promisesFixedPoints() {
        return true;
    }

    /**
     * Whether recall never raises the energy: {@code energy(recalled) <= energy(probe)} (asynchronous updates of
     * a symmetric network). Synchronous dynamics usually do not promise it.
     */
    protected boolean promisesEnergyDescent() {
        return true;
    }

    /** Whether the energy a recall reports is {@link BipolarMemory#energy} of the state it returns. */
    protected boolean reportsRecallEnergy() {
        return true;
    }

    /**
     * Whether the sign of a neuron's field is its next value: a recall in which only that neuron may change sets
     * it to +1 exactly when its field is positive (a neuron's field does not depend on its own value).
     */
    protected boolean promisesFieldSigns() {
        return true;
    }

    /**
     * Whether {@link BipolarMemory#store} stores patterns; false for a model that only learns by training and
     * refuses {@code store} (then the wrong-dimension and frozen checks leave {@code store} out).
     */
    protected boolean storesPatterns() {
        return true;
    }

    /** How far two energies may differ and count as equal: float rounding of the model's arithmetic. */
    protected double energyTolerance(double energy) {
        return 1e-4 * (1 + Math.abs(energy));
    }

    /** The seed of every random choice the tests make. */
    protected long seed() {
        return 1;
    }

    /** The registry {@link ModelFiles#load} finds the provider in: by default the providers on the class path. */
    protected Registry registry() {
        Registry r = registry;
        if (r == null) {
            r = Registry.load();
            registry = r;
        }
        return r;
    }

    /** The kernels a loaded model computes with: the ones {@link #newModel()} uses (by default the registry's). */
    protected Kernels kernels() {
        return registry().kernels();
    }

    // ------------------------------------------------------------------ the contract

    @Test
    public void storedPatternsAreFixedPoints() {
        assumeTrue(promisesFixedPoints(), "the model does not promise that stored patterns are fixed points");
        M model = newModel();
        List<BipolarPattern> patterns = taught(model);
        int ok = 0;
        StringBuilder failed = new StringBuilder();
        for (int mu = 0; mu < patterns.size(); mu++) {
            BipolarPattern p = patterns.get(mu);
            BipolarPattern got = model.recall(p).state();
            if (got.equals(p)) {
                ok++;
            } else {
                failed.append(" pattern ").append(mu).append(" moved ").append(got.hamming(p)).append(" components;");
            }
        }
        assertRate(ok, patterns.size(), model, "stored patterns are fixed points:" + failed);
    }

    @Test
    public void storedPatternsAreRecalledFromCorruptedProbes() {
        int flips = probeFlips();
        assumeTrue(flips > 0, "the model promises no recall from corrupted probes (probeFlips() is 0)");
        M model = newModel();
        List<BipolarPattern> patterns = taught(model);
        SplittableRandom r = new SplittableRandom(seed() + 1);
        int ok = 0;
        int total = 0;
        StringBuilder failed = new StringBuilder();
        for (int mu = 0; mu < patterns.size(); mu++) {
            for (int rep = 0; rep < 2; rep++) {
                BipolarPattern p = patterns.get(mu);
                BipolarPattern got = model.recall(p.flipRandom(flips, r)).state();
                total++;
                if (got.equals(p)) {
                    ok++;
                } else {
                    failed.append(" pattern ").append(mu).append(" ended ").append(got.hamming(p)).append(" off;");
                }
            }
        }
        assertRate(ok, total, model, "patterns are recalled from probes with " + flips + " flips:" + failed);
    }

    @Test
    public void energiesAreFiniteAndRecallDoesNotRaiseThem() {
        M model = newModel();
        int n = model.dimension();
        SplittableRandom r = new SplittableRandom(seed() + 2);
        BipolarPattern any = BipolarPattern.random(n, r);
        assertTrue(Double.isFinite(model.energy(any)), "energy of a state of the empty model: " + model.energy(any));
        List<BipolarPattern> patterns = taught(model);
        List<BipolarPattern> probes = probes(patterns, n, r);
        int lowered = 0;
        for (BipolarPattern probe : probes) {
            double before = model.energy(probe);
            Recall<BipolarPattern> rec = model.recall(probe);
            double after = model.energy(rec.state());
            assertTrue(Double.isFinite(before) && Double.isFinite(after),
                    "energies must be finite: probe " + before + ", recalled state " + after);
            if (reportsRecallEnergy()) {
                assertEquals(after, rec.energy(), energyTolerance(after),
                        "the energy the recall reports is the energy of the state it returns");
            }
            if (promisesEnergyDescent()) {
                assertTrue(after <= before + energyTolerance(before),
                        "recall raised the energy from " + before + " to " + after + " (" + model.params() + ")");
            }
            lowered += after < before ? 1 : 0;
        }
        if (promisesEnergyDescent()) {
            assertTrue(lowered > 0, "no recall from " + probes.size() + " corrupted and random probes lowered the energy");
        }
    }

    @Test
    public void fieldSignsAreTheNextStatesOfTheDynamics() {
        assumeTrue(promisesFieldSigns(), "the model does not promise that field signs are next states");
        M model = newModel();
        int n = model.dimension();
        List<BipolarPattern> patterns = taught(model);
        SplittableRandom r = new SplittableRandom(seed() + 3);
        RecallWorkspace ws = model.newWorkspace();
        int checked = 0;
        for (BipolarPattern state : List.of(patterns.get(0).flipRandom(Math.max(1, n / 4), r), BipolarPattern.random(n, r))) {
            float[] all = new float[n];
            model.fields(state, NeuronMask.all(n), all);
            float scale = 0;
            for (float f : all) {
                assertTrue(Float.isFinite(f), "fields must be finite: " + f);
                scale = Math.max(scale, Math.abs(f));
            }
            for (int i : sample(n, 24, r)) {
                float[] one = new float[1];
                model.fields(state, NeuronMask.of(n, i), one);
                assertEquals(all[i], one[0], 1e-5f * (1 + scale), "the field of neuron " + i
                        + " alone differs from its value among all fields");
                if (Math.abs(all[i]) <= 1e-6f * scale) {
                    continue; // a tie: rounding may decide it either way
                }
                boolean next = model.recall(state, NeuronMask.of(n, i), ws).state().isPlus(i);
                assertEquals(all[i] > 0, next, "neuron " + i + " has field " + all[i]
                        + " but recall with only it free set it to " + (next ? "+1" : "-1"));
                checked++;
            }
        }
        assertTrue(checked > 0, "every sampled field was 0; the check compared nothing");
    }

    @Test
    public void wrongDimensionsAreRefusedNamingBoth() {
        M model = newModel();
        int n = model.dimension();
        int wrong = n + 3;
        SplittableRandom r = new SplittableRandom(seed() + 4);
        BipolarPattern right = BipolarPattern.random(n, r);
        BipolarPattern other = BipolarPattern.random(wrong, r);
        int size = model.size();
        refused(n, wrong, "recall of a probe", () -> model.recall(other));
        refused(n, wrong, "energy of a pattern", () -> model.energy(other));
        refused(n, wrong, "fields of a pattern", () -> model.fields(other, NeuronMask.all(n), new float[n]));
        refused(n, wrong, "fields for a mask", () -> model.fields(right, NeuronMask.all(wrong), new float[wrong]));
        refused(n, wrong, "recall with a mask", () -> model.recall(right, NeuronMask.all(wrong), model.newWorkspace()));
        if (storesPatterns()) {
            refused(n, wrong, "storing a pattern", () -> model.store(other));
        }
        assertEquals(size, model.size(), "a refused call must not change the model");
    }

    @Test
    public void aFrozenModelRefusesToLearnAndRecallsAsBefore() {
        M model = newModel();
        List<BipolarPattern> patterns = taught(model);
        List<BipolarPattern> probes = probes(patterns, model.dimension(), new SplittableRandom(seed() + 5));
        List<BipolarPattern> before = recallAll(model, probes);
        int size = model.size();
        assertFalse(model.isFrozen(), "a model that was never frozen says it is");
        model.freeze();
        assertTrue(model.isFrozen(), "isFrozen() after freeze()");
        List<BipolarPattern> more = patterns(model.dimension(), new SplittableRandom(seed() + 6));
        frozenRefuses("learning", () -> learn(model, more));
        if (storesPatterns()) {
            frozenRefuses("store", () -> model.store(more.get(0)));
        }
        assertEquals(size, model.size(), "a refused store must not change the model");
        assertEquals(before, recallAll(model, probes), "a frozen model must recall as it did before freezing");
    }

    @Test
    public void aSavedModelLoadsBackEqual(@TempDir Path dir) throws IOException {
        M model = newModel();
        List<BipolarPattern> patterns = taught(model);
        Path file = dir.resolve("model.engram");
        ModelFiles.save(model, file);
        assertEquals(model.providerName(), ModelFiles.header(file).provider());
        Model loaded = ModelFiles.load(file, registry(), kernels());
        assertEquals(model.getClass(), loaded.getClass(), "the provider rebuilt another kind of model");
        BipolarMemory back = (BipolarMemory) loaded;
        assertEquals(model.providerName(), back.providerName());
        assertEquals(model.dimension(), back.dimension());
        assertEquals(model.params(), back.params());
        assertEquals(model.size(), back.size());
        assertArrayEquals(state(model), state(back), "the loaded model must write the state the saved one wrote");
        for (BipolarPattern probe : probes(patterns, model.dimension(), new SplittableRandom(seed() + 7))) {
            Recall<BipolarPattern> a = model.recall(probe);
            Recall<BipolarPattern> b = back.recall(probe);
            assertEquals(a.state(), b.state(), "the loaded model recalls another state from " + probe);
            assertEquals(model.energy(probe), back.energy(probe), energyTolerance(model.energy(probe)),
                    "the loaded model gives another energy");
        }
    }

    @Test
    public void concurrentRecallOnAFrozenModelEqualsSequentialRecall() throws Exception {
        M model = newModel();
        List<BipolarPattern> patterns = taught(model);
        model.freeze();
        List<BipolarPattern> probes = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed() + 8);
        for (int rep = 0; rep < 4; rep++) {
            probes.addAll(probes(patterns, model.dimension(), r));
        }
        int n = model.dimension();
        long[][] sequential = new long[probes.size()][];
        RecallWorkspace ws = model.newWorkspace();
        for (int i = 0; i < probes.size(); i++) {
            sequential[i] = new long[BipolarPattern.wordsFor(n)];
            model.recallInto(probes.get(i).words(), sequential[i], null, ws);
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[][]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // every thread recalls every probe, each in its own order, with its own workspace
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < probes.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new SplittableRandom(seed() + 100 + t));
                futures.add(pool.submit(() -> {
                    RecallWorkspace w = model.newWorkspace();
                    long[][] got = new long[probes.size()][BipolarPattern.wordsFor(n)];
                    for (int i : order) {
                        model.recallInto(probes.get(i).words(), got[i], null, w);
                    }
                    return got;
                }));
            }
            for (int t = 0; t < threads; t++) {
                long[][] got = futures.get(t).get();
                for (int i = 0; i < probes.size(); i++) {
                    assertArrayEquals(sequential[i], got[i], "thread " + t + " recalled probe " + i
                            + " differently from sequential recall: recall must depend on the probe alone, not on the"
                            + " workspace's history or other threads");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < probes.size(); i++) {
            assertEquals(BipolarPattern.fromWords(sequential[i], n), model.recall(probes.get(i)).state(),
                    "recall through a fresh workspace differs from recall through a used one, probe " + i);
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<BipolarPattern> taught(M model) {
        List<BipolarPattern> patterns = patterns(model.dimension(), new SplittableRandom(seed()));
        assertFalse(patterns.isEmpty(), "patterns() gave no patterns");
        learn(model, patterns);
        return patterns;
    }

    /** Each pattern with {@link #probeFlips()} flips, and as many random states. */
    private List<BipolarPattern> probes(List<BipolarPattern> patterns, int n, RandomGenerator r) {
        List<BipolarPattern> out = new ArrayList<>();
        for (BipolarPattern p : patterns) {
            out.add(p.flipRandom(Math.max(1, probeFlips()), r));
            out.add(BipolarPattern.random(n, r));
        }
        return out;
    }

    private static List<BipolarPattern> recallAll(BipolarMemory model, List<BipolarPattern> probes) {
        return probes.stream().map(p -> model.recall(p).state()).toList();
    }

    private void assertRate(int ok, int total, M model, String what) {
        double rate = (double) ok / total;
        assertTrue(rate >= minimumRecallRate(), ok + " of " + total + " recalled, below the promised "
                + minimumRecallRate() + " (" + model.params() + "); " + what);
    }

    private static void refused(int n, int wrong, String what, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
                what + " of dimension " + wrong + " on a model of dimension " + n + " must be refused");
        String m = String.valueOf(e.getMessage());
        assertTrue(m.contains(String.valueOf(n)) && m.contains(String.valueOf(wrong)),
                what + ": the message must name both dimensions (" + wrong + " and " + n + "): " + m);
    }

    private static void frozenRefuses(String what, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call, what + " on a frozen model");
        assertTrue(String.valueOf(e.getMessage()).contains("frozen"),
                what + " on a frozen model: the message must say the model is frozen: " + e.getMessage());
    }

    private static int[] sample(int n, int count, RandomGenerator r) {
        if (n <= count) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        return r.ints(0, n).distinct().limit(count).sorted().toArray();
    }

    private static byte[] state(Model m) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            m.writeState(out);
        }
        return b.toByteArray();
    }
}
