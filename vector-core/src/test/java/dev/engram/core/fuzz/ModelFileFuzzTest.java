package dev.engram.core.fuzz;

import dev.engram.testkit.Mutations;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.KeyValueMemory;
import dev.engram.api.Model;
import dev.engram.api.ModelFiles;
import dev.engram.api.RealMemory;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.core.kernel.ScalarKernels;
import dev.engram.core.model.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the model-file reader ({@link ModelFiles#load}) with mutated files of every built-in model: bit flips,
 * truncation, extreme length and dimension fields, and corruption behind a valid checksum (recomputed as the
 * writer computes it, so the mutation reaches the providers' state readers). Every input must load, or fail with
 * an {@link IOException} or {@link IllegalArgumentException} naming the file; a model that loads must recall.
 * Nothing else (NullPointerException, ArrayIndexOutOfBounds, NegativeArraySize, OutOfMemoryError) is allowed.
 * 2,000 inputs in the normal suite; {@code -Dengram.fuzz.inputs=100000} for the long run (docs/robustness.md).
 */
class ModelFileFuzzTest {
    static final int N = 40;

    @TempDir
    Path dir;

    static List<byte[]> seeds(Path dir) throws IOException {
        List<BipolarPattern> ps = TestModels.randomPatterns(5, N, 3);
        List<Model> models = new ArrayList<>();
        for (String rule : List.of("hebbian", "storkey", "delta", "pseudoinverse")) {
            BipolarMemory h = (BipolarMemory) TestModels.create("hopfield", N, 3L, Map.of("rule", rule, "epochs", 3));
            h.storeAll(ps);
            models.add(h);
        }
        BipolarMemory stored = (BipolarMemory) TestModels.create("dam", N, 4L, Map.of("mode", "stored"));
        stored.storeAll(ps);
        models.add(stored);
        TrainableModel trained = (TrainableModel) TestModels.create("dam", N, 4L, Map.of("memories", 6, "epochs", 2,
                "init-clamp", false));
        new SequentialTrainer(trained, () -> "naive", 1).learn(0,
                new Task("t", ps.stream().map(Item::of).toList(), List.of(), Scoring.exact()));
        models.add(trained);
        RealMemory modern = (RealMemory) TestModels.create("modern", N, 6L, Map.of("beta", 0.3));
        ps.forEach(p -> modern.store(p.toRealVector()));
        models.add(modern);
        for (String kv : List.of("kv", "bam")) {
            KeyValueMemory m = (KeyValueMemory) TestModels.create(kv, N, 7L, Map.of());
            ps.forEach(p -> m.write(p.toRealVector(), p.toRealVector(), 1f));
            models.add(m);
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Path f = dir.resolve("seed-" + i + ".engram");
            ModelFiles.save(models.get(i), f);
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    /** Recomputes the trailing CRC32 over every byte before it, as {@link ModelFiles#save} does. */
    static byte[] withValidChecksum(byte[] b) {
        if (b.length < 8) {
            return b;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        long v = crc.getValue();
        for (int i = 0; i < 8; i++) {
            b[b.length - 8 + i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    /** Offset of the dimension field: magic (8), version (4), the provider name as UTF (2 + length). */
    static int dimensionOffset(byte[] seed) {
        return 12 + 2 + (((seed[12] & 0xFF) << 8) | (seed[13] & 0xFF));
    }

    /** One input: a mutation of a seed, half of them behind a valid checksum, some with an extreme header field. */
    static byte[] input(Mutations m, List<byte[]> seeds) {
        SplittableRandom r = m.random();
        byte[] seed = seeds.get(r.nextInt(seeds.size()));
        byte[] b;
        int kind = r.nextInt(8);
        if (kind == 0) {
            // an extreme dimension (2147483584 passed the old size check by overflow), checksum valid
            b = seed.clone();
            Mutations.putInt(b, dimensionOffset(seed), Mutations.EXTREME_INTS[r.nextInt(Mutations.EXTREME_INTS.length)]);
            return withValidChecksum(b);
        }
        if (kind == 1) {
            // a small change of the dimension (N ± 1, 2N, N / 2): the state no longer fits it
            b = seed.clone();
            int[] dims = {N - 1, N + 1, 2 * N, N / 2, 64, 65, 1};
            Mutations.putInt(b, dimensionOffset(seed), dims[r.nextInt(dims.length)]);
            return withValidChecksum(b);
        }
        b = m.mutate(seed);
        return kind <= 4 ? withValidChecksum(b) : b;
    }

    /** What {@link #check} returns for an input that loaded (and recalled). */
    static final String LOADED = "";

    /** Loads one input; returns null (a clear error) or {@link #LOADED} when it did what the contract says, else what went wrong. */
    static String check(Path f) {
        Model model;
        try {
            model = ModelFiles.load(f, TestModels.registry(), ScalarKernels.INSTANCE);
        } catch (IOException | IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().contains(f.toString()) || e.getMessage().contains("\n")) {
                return "an error without a one-line message naming the file: " + stack(e);
            }
            return null;
        } catch (Throwable e) {
            return stack(e);
        }
        try {
            SplittableRandom r = new SplittableRandom(5);
            int n = model.dimension();
            if (model instanceof BipolarMemory bm) {
                BipolarPattern probe = BipolarPattern.random(n, r);
                bm.recall(probe);
                bm.energy(probe);
            } else if (model instanceof RealMemory rm) {
                rm.recall(BipolarPattern.random(n, r).toRealVector());
            } else if (model instanceof KeyValueMemory kv) {
                kv.read(BipolarPattern.random(kv.keyDimension(), r).toRealVector());
            }
        } catch (Throwable e) {
            return "the model loaded but failed to recall: " + stack(e);
        }
        return LOADED;
    }

    static String stack(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void mutatedModelFilesGiveOnlyClearErrors() throws IOException {
        List<byte[]> seeds = seeds(dir);
        long seed = Mutations.seed();
        int inputs = Mutations.inputs(2_000);
        Mutations m = new Mutations(seed);
        Path f = dir.resolve("fuzzed.engram");
        int loaded = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            byte[] b = input(m, seeds);
            Files.write(f, b);
            String problem = check(f);
            if (problem == LOADED) {
                loaded++;
            } else if (problem != null) {
                Path keep = Path.of("target", "fuzz-failures", "model-" + seed + "-" + i + ".engram");
                Files.createDirectories(keep.getParent());
                Files.write(keep, b);
                failures.add("input " + i + " (seed " + seed + ", kept in " + keep + "): " + problem);
                if (failures.size() >= 5) {
                    break;
                }
            }
        }
        System.out.println("model-file fuzz: " + inputs + " inputs (seed " + seed + "), " + loaded
                + " loaded, the rest refused with a clear error, " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    @Test
    void theSeedsThemselvesLoad() throws IOException {
        for (byte[] s : seeds(dir)) {
            Path f = dir.resolve("s.engram");
            Files.write(f, s);
            String r = check(f);
            assertTrue(r == LOADED, new String(s, 0, 20, StandardCharsets.ISO_8859_1) + ": " + r);
        }
    }
}
