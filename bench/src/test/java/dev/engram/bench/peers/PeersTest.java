package dev.engram.bench.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BatchRecall;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.spi.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.encog.ml.data.specific.BiPolarNeuralData;
import org.encog.neural.thermal.HopfieldNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeersTest {
    static final Registry REGISTRY = Registry.load();

    @ParameterizedTest
    @ValueSource(strings = {
            "dam:N=200:K=300:P=24:flip=0.1:seed=3:mode=stored:interaction=polynomial:n=3:temperature=1:recall=async",
            "dam:N=130:K=40:P=24:flip=0.3:seed=4:mode=stored:interaction=rectified:n=3:temperature=1:recall=sync",
            "hopfield:N=200:K=30:P=24:flip=0.2:seed=5:rule=hebbian:recall=async"})
    void batchRecallOfTheBuiltInModelsEqualsSequentialRecallFor1To4Threads(String spec) {
        Workload w = Workload.parse(spec);
        List<BipolarPattern> patterns = w.patterns();
        List<BipolarPattern> probes = w.probes(patterns);
        BipolarMemory m = w.bipolarMemory(REGISTRY, patterns);
        RecallWorkspace ws = m.newWorkspace();
        List<BipolarPattern> sequential = new ArrayList<>();
        int changed = 0;
        for (BipolarPattern p : probes) {
            BipolarPattern r = m.recall(p, null, ws).state();
            sequential.add(r);
            changed += r.equals(p) ? 0 : 1;
        }
        assertTrue(changed > probes.size() / 2, "recall should move most probes, moved " + changed);
        for (int threads : new int[]{1, 2, 3, 4}) {
            assertEquals(sequential, BatchRecall.recall(m, probes, null, threads), threads + " threads");
        }
    }

    @Test
    void batchRecallRefusesAnUnfrozenModel() {
        Workload w = Workload.parse("hopfield:N=64:K=3:P=2:seed=1:rule=hebbian");
        BipolarMemory m = (BipolarMemory) w.newModel(REGISTRY);
        m.storeAll(w.patterns());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchRecall(m, 2));
        assertTrue(e.getMessage().contains("hopfield model is not frozen"), e.getMessage());
    }

    @Test
    void engramAndEncogRecallTheSameStatesFromProbesInTheBasins() {
        Workload w = Workload.parse("hopfield:N=256:K=13:P=12:flip=0.1:seed=2:rule=hebbian:recall=async");
        List<BipolarPattern> patterns = w.patterns();
        List<BipolarPattern> probes = w.probes(patterns);
        BipolarMemory engram = w.bipolarMemory(REGISTRY, patterns);
        HopfieldNetwork encog = new HopfieldNetwork(w.n());
        for (BipolarPattern p : patterns) {
            encog.addPattern(EncogHopfieldBenchmark.toEncog(p));
        }
        for (int j = 0; j < probes.size(); j++) {
            BiPolarNeuralData probe = EncogHopfieldBenchmark.toEncog(probes.get(j));
            encog.setCurrentState(probe);
            encog.runUntilStable(100);
            BipolarPattern e = EncogHopfieldBenchmark.fromEncog(encog.getCurrentState());
            assertEquals(engram.recall(probes.get(j)).state(), e, "probe " + j);
            assertEquals(patterns.get(j % w.k()), e, "probe " + j);
        }
    }

    @Test
    void workloadSpecsParseAndRejectBadInput() {
        Workload w = Workload.parse("dam:N=100:K=7:P=5:flip=0.25:seed=9:n=3:recall=async");
        assertEquals(100, w.n());
        assertEquals(7, w.k());
        assertEquals(5, w.p());
        assertEquals(0.25, w.flip());
        assertEquals(9, w.seed());
        assertEquals("3", w.params().get("n"));
        assertEquals("async", w.params().get("recall"));
        // same seed, same data; probes are flipped copies with exactly round(flip N) flips
        assertEquals(w.patterns(), Workload.parse(w.spec()).patterns());
        List<BipolarPattern> probes = w.probes(w.patterns());
        for (int j = 0; j < probes.size(); j++) {
            assertEquals(25, probes.get(j).hamming(w.patterns().get(j % 7)));
        }
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("bogus:N=10:K=1"));
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("dam:N=10"));
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("dam:N=ten:K=1"));
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("dam:N=10:K=1:flip=2"));
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("dam:N=10:K=1:oops"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Workload.parse("dam:N=10:K=1:nonsense=1").newModel(REGISTRY));
        assertTrue(e.getMessage().contains("nonsense"), e.getMessage());
    }

    @Test
    void npyFilesHaveTheNumpyHeaderAndData(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a.npy");
        Npy.writeInt8(f, new byte[]{1, -1, -1, 1, 1, 1}, 2, 3);
        byte[] b = Files.readAllBytes(f);
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, java.nio.charset.StandardCharsets.US_ASCII));
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "header is padded to 64 bytes");
        String header = new String(b, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '|i1'") && header.contains("'shape': (2, 3)"), header);
        byte[] data = java.util.Arrays.copyOfRange(b, 10 + headerLen, b.length);
        assertArrayEquals(new byte[]{1, -1, -1, 1, 1, 1}, data);
        Npy.writeFloat32(dir.resolve("b.npy"), new float[]{1.5f, -2f}, 1, 2);
        byte[] c = Files.readAllBytes(dir.resolve("b.npy"));
        assertEquals(128 + 8, c.length);
        assertEquals(1.5f, java.nio.ByteBuffer.wrap(c, 128, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    /** {@code patterns=gaussian}: real patterns, masked probes, the float layout; the default stays ±1. */
    @Test
    void gaussianModernWorkload() {
        Workload g = Workload.parse("modern:N=40:K=9:P=5:flip=0.25:seed=3:max-steps=1:patterns=gaussian");
        List<dev.engram.api.RealVector> ps = g.realPatterns();
        assertEquals(9, ps.size());
        assertEquals(ps, Workload.parse(g.spec()).realPatterns(), "same seed, same patterns");
        assertTrue(ps.get(0).toArray()[0] != 1f && ps.get(0).toArray()[0] != -1f);
        List<dev.engram.api.RealVector> probes = g.realProbes(ps);
        for (int j = 0; j < 5; j++) {
            float[] pr = probes.get(j).toArray();
            float[] pat = ps.get(j % 9).toArray();
            int zeros = 0;
            for (int i = 0; i < 40; i++) {
                if (pr[i] == 0f) {
                    zeros++;
                } else {
                    assertEquals(pat[i], pr[i]);
                }
            }
            assertEquals(10, zeros);
        }
        dev.engram.api.RealMemory m = g.realMemoryOf(REGISTRY, ps);
        assertTrue(!((dev.engram.core.model.modern.ModernHopfield) m).isBitPacked());
        Workload b = Workload.parse("modern:N=40:K=9:P=5:flip=0.25:seed=3:max-steps=1");
        assertEquals(b.maskedProbes(b.patterns()), b.realProbes(b.realPatterns()), "bipolar default unchanged");
        assertTrue(((dev.engram.core.model.modern.ModernHopfield) b.realMemoryOf(REGISTRY, b.realPatterns()))
                .isBitPacked());
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("dam:N=10:K=1:patterns=gaussian"));
        assertThrows(IllegalArgumentException.class, () -> Workload.parse("modern:N=10:K=1:patterns=uniform"));
    }
}
