package dev.engram.core.model;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.core.kernel.ScalarKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds models through the registry, as users do, and measures recall. */
public final class TestModels {
    private static final Registry REGISTRY = Registry.load();

    private TestModels() {
    }

    /**
     * The Panama kernels, or skips the calling test (assumption) when {@code jdk.incubator.vector} is not in the
     * boot layer (the scalar-fallback surefire execution).
     */
    public static Kernels panamaOrSkip() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not in the boot layer (scalar-fallback run)");
        return dev.engram.core.kernel.KernelSelector.select("panama", false).kernels();
    }

    /**
     * Skips a long model-behaviour test in the scalar-fallback surefire execution: the models compute only
     * through the kernel SPI, so their capacity tests need to run once (with the Vector API), not twice.
     */
    public static void heavy() {
        org.junit.jupiter.api.Assumptions.assumeFalse("scalar-fallback".equals(System.getProperty("engram.test.execution")),
                "long model test: runs in the Vector API execution only");
    }

    /** The kernels the registry selected (Panama where it runs). */
    public static Kernels selected() {
        return REGISTRY.kernels();
    }

    public static Registry registry() {
        return REGISTRY;
    }

    public static Model create(String name, int n, long seed, Kernels kernels, Map<String, ?> params) {
        ModelProvider p = REGISTRY.model(name);
        return p.create(new ModelContext(n, p.parseParams(params), kernels, seed));
    }

    public static Model create(String name, int n, long seed, Map<String, ?> params) {
        return create(name, n, seed, ScalarKernels.INSTANCE, params);
    }

    public static List<BipolarPattern> randomPatterns(int k, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<BipolarPattern> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(BipolarPattern.random(n, rng));
        }
        return out;
    }

    /** Fraction of {@code patterns} recalled exactly from probes with {@code flips} random components flipped. */
    public static double recallRate(BipolarMemory m, List<BipolarPattern> patterns, int flips, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        RecallWorkspace ws = m.newWorkspace();
        int n = m.dimension();
        long[] out = new long[BipolarPattern.wordsFor(n)];
        int ok = 0;
        for (BipolarPattern p : patterns) {
            BipolarPattern probe = p.flipRandom(flips, rng);
            m.recallInto(probe.words(), out, null, ws);
            if (BipolarPattern.fromWords(out, n).equals(p)) {
                ok++;
            }
        }
        return (double) ok / patterns.size();
    }
}
