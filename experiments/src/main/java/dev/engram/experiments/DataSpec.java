package dev.engram.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.engram.experiments.data.ImageSet;
import dev.engram.experiments.data.ImageTasks;
import dev.engram.experiments.data.RandomTasks;
import dev.engram.experiments.data.TaskSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which task sequence to build (the {@code [data]} table of a config). Unset fields take the defaults below.
 *
 * @param kind        {@code random} (default), {@code mnist} and {@code fashion-mnist} (one task, every class),
 *                    {@code permuted-mnist}, {@code split-mnist}, {@code split-fashion-mnist}
 * @param tasks       number of tasks (default 5; at most 5 for the class splits)
 * @param dimension   random: neurons per pattern (default 100)
 * @param items       random: patterns per task (default 10)
 * @param correlation random: correlation of every pattern with a per-sequence template, 0..1 (default 0)
 * @param probeNoise  random: fraction of components flipped in each evaluation probe (default 0.1)
 * @param scoring     random: {@code exact} (a probe counts when recalled exactly, default) or {@code bits}
 * @param train       images: training images per task (default 200; {@code mnist}, {@code fashion-mnist}: all 60,000)
 * @param test        images: test images per task (default 200; {@code mnist}, {@code fashion-mnist}: all 10,000)
 * @param threshold   images: a pixel is +1 when its grey value is above it (default 0)
 * @param dir         images: the data folder (default: see {@link #dataDir})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record DataSpec(String kind, Integer tasks, Integer dimension, Integer items, Double correlation,
                       Double probeNoise, String scoring, Integer train, Integer test, Integer threshold, String dir) {

    public static final List<String> KINDS = List.of("random", "mnist", "fashion-mnist", "permuted-mnist",
            "split-mnist", "split-fashion-mnist");

    public DataSpec {
        if (kind != null && !KINDS.contains(kind)) {
            throw new IllegalArgumentException("data kind '" + kind + "' is unknown; accepted: " + String.join(", ", KINDS));
        }
        if (scoring != null && !scoring.equals("exact") && !scoring.equals("bits")) {
            throw new IllegalArgumentException("scoring '" + scoring + "' is unknown; accepted: exact, bits");
        }
    }

    public static DataSpec defaults() {
        return new DataSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The fields of {@code over} that are set replace these. */
    public DataSpec overriddenBy(DataSpec over) {
        return new DataSpec(or(over.kind, kind), or(over.tasks, tasks), or(over.dimension, dimension),
                or(over.items, items), or(over.correlation, correlation), or(over.probeNoise, probeNoise),
                or(over.scoring, scoring), or(over.train, train), or(over.test, test), or(over.threshold, threshold),
                or(over.dir, dir));
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }

    public String kindOrDefault() {
        return kind == null ? "random" : kind;
    }

    /** The task sequence made from {@code seed} (image data is read from {@link #dataDir}). */
    public TaskSequence build(long seed) {
        String k = kindOrDefault();
        int nt = tasks != null ? tasks : k.equals("mnist") || k.equals("fashion-mnist") ? 1 : 5;
        if (k.equals("random")) {
            return new RandomTasks(dimension == null ? 100 : dimension, items == null ? 10 : items, nt,
                    correlation == null ? 0 : correlation, probeNoise == null ? 0.1 : probeNoise,
                    !"bits".equals(scoring)).generate(seed);
        }
        boolean single = k.equals("mnist") || k.equals("fashion-mnist");
        int th = threshold == null ? 0 : threshold;
        ImageSet.Source src = source(k);
        ImageSet trainSet = images(src, true);
        ImageSet testSet = images(src, false);
        int tr = train != null ? train : single ? trainSet.count() : 200;
        int te = test != null ? test : single ? testSet.count() : 200;
        if (single) {
            if (nt != 1) {
                throw new IllegalArgumentException("data kind '" + k + "' is one task of every class; tasks is " + nt
                        + " (accepted: 1; permuted-mnist or split-mnist give several)");
            }
            return ImageTasks.single(k, trainSet, testSet, tr, te, th, seed);
        }
        if (k.equals("permuted-mnist")) {
            return ImageTasks.permuted(trainSet, testSet, nt, tr, te, th, seed);
        }
        return ImageTasks.classSplit(k, trainSet, testSet, nt, tr, te, th, seed);
    }

    /**
     * The settings that decide the task sequence, every default filled in, without the data folder (which says
     * where the files are, not what they hold): part of a sweep trial's identity. Image kinds whose training or
     * test count is unset (every image) say {@code "all"}.
     */
    public java.util.Map<String, Object> canonical() {
        String k = kindOrDefault();
        java.util.Map<String, Object> m = new java.util.TreeMap<>();
        m.put("kind", k);
        boolean single = k.equals("mnist") || k.equals("fashion-mnist");
        m.put("tasks", tasks != null ? tasks : single ? 1 : 5);
        if (k.equals("random")) {
            m.put("dimension", dimension == null ? 100 : dimension);
            m.put("items", items == null ? 10 : items);
            m.put("correlation", correlation == null ? 0.0 : correlation);
            m.put("probe-noise", probeNoise == null ? 0.1 : probeNoise);
            m.put("scoring", scoring == null ? "exact" : scoring);
        } else {
            m.put("train", train != null ? (Object) train : single ? "all" : 200);
            m.put("test", test != null ? (Object) test : single ? "all" : 200);
            m.put("threshold", threshold == null ? 0 : threshold);
        }
        return m;
    }

    /** Checks what can be checked without building (the image files exist). */
    public void check() {
        String k = kindOrDefault();
        if (!k.equals("random")) {
            ImageSet.Source src = source(k);
            Path folder = dataDir().resolve(src.folder());
            for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                if (!Files.isRegularFile(folder.resolve(f)) && !Files.isRegularFile(folder.resolve(f + ".gz"))) {
                    throw new IllegalArgumentException(src.id() + " data is missing: no " + folder.resolve(f)
                            + "[.gz]; fetch it with 'scripts/fetch-data.sh " + src.id()
                            + "' (into data/), or give --data-dir DIR holding " + src.folder() + "/");
                }
            }
        }
    }

    private static ImageSet.Source source(String kind) {
        return kind.contains("fashion") ? ImageSet.Source.FASHION_MNIST : ImageSet.Source.MNIST;
    }

    private ImageSet images(ImageSet.Source src, boolean trainPart) {
        try {
            return ImageSet.load(dataDir(), src, trainPart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The data folder: {@code dir} when set, else the environment variable {@code ENGRAM_DATA}, else
     * {@code ./data} when it exists, else the {@code data} folder of the checkout this code was built in, else
     * {@code ./data}.
     */
    public Path dataDir() {
        if (dir != null) {
            return Path.of(dir);
        }
        String env = System.getenv("ENGRAM_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path local = Path.of("data");
        if (Files.isDirectory(local)) {
            return local;
        }
        try {
            // the checkout this code was built in: experiments/target/classes, or cli/target/lib/engram-*.jar
            Path code = Path.of(DataSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = code.getParent();
            for (int up = 0; p != null && up < 4; up++, p = p.getParent()) {
                if (Files.isDirectory(p.resolve("data")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p.resolve("data");
                }
            }
        } catch (Exception e) {
            // fall through
        }
        return local;
    }
}
