package dev.engram.bench.peers;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.spi.Registry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.encog.ml.data.specific.BiPolarNeuralData;
import org.encog.neural.thermal.HopfieldNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Classical Hebbian Hopfield network, Engram's {@code hopfield} (rule=hebbian, asynchronous recall) against Encog
 * 3.4's {@link HopfieldNetwork} ({@code addPattern}: W += p pᵀ − I, zero diagonal; {@code runUntilStable}: in-place
 * sweeps in index order until a sweep changes nothing). One operation of {@code *StoreRecall} builds an empty
 * network, stores the K patterns and recalls the P probes; {@code *Recall} only recalls, on a network built in
 * setup. Same patterns, same probes ({@link Workload}); the setup checks that both libraries recall the same
 * states for every probe before anything is timed (probes lie in the basins of attraction, so the visiting order,
 * random in Engram, index order in Encog, does not change the fixed point).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EncogHopfieldBenchmark {

    /** Neurons. */
    @Param("1024")
    public int n;

    /** Stored patterns (0.05 N: well inside the Hebbian capacity; odd, so no field is ever exactly 0). */
    @Param("51")
    public int k;

    /** Probes recalled per operation. */
    @Param("16")
    public int p;

    /** Fraction of flipped components per probe. */
    @Param("0.1")
    public double flip;

    private Workload workload;
    private Registry registry;
    private List<BipolarPattern> patterns;
    private long[][] probeWords;
    private BiPolarNeuralData[] encogPatterns;
    private BiPolarNeuralData[] encogProbes;
    private BipolarMemory engramNet;
    private RecallWorkspace engramWs;
    private HopfieldNetwork encogNet;

    @Setup(Level.Trial)
    public void setup() {
        workload = Workload.parse("hopfield:N=" + n + ":K=" + k + ":P=" + p + ":flip=" + flip
                + ":seed=1:rule=hebbian:recall=async");
        registry = Registry.load();
        patterns = workload.patterns();
        List<BipolarPattern> probes = workload.probes(patterns);
        probeWords = new long[p][];
        encogPatterns = new BiPolarNeuralData[k];
        encogProbes = new BiPolarNeuralData[p];
        for (int mu = 0; mu < k; mu++) {
            encogPatterns[mu] = toEncog(patterns.get(mu));
        }
        for (int j = 0; j < p; j++) {
            probeWords[j] = probes.get(j).words();
            encogProbes[j] = toEncog(probes.get(j));
        }
        engramNet = workload.bipolarMemory(registry, patterns);
        engramWs = engramNet.newWorkspace();
        encogNet = new HopfieldNetwork(n);
        for (BiPolarNeuralData d : encogPatterns) {
            encogNet.addPattern(d);
        }
        // results agree before any time is compared
        long[] out = new long[BipolarPattern.wordsFor(n)];
        int exact = 0;
        for (int j = 0; j < p; j++) {
            engramNet.recallInto(probeWords[j], out, null, engramWs);
            BipolarPattern engram = BipolarPattern.fromWords(out, n);
            encogNet.setCurrentState(encogProbes[j]);
            encogNet.runUntilStable(100);
            BipolarPattern encog = fromEncog(encogNet.getCurrentState());
            if (!engram.equals(encog)) {
                throw new IllegalStateException("probe " + j + ": Engram and Encog recall different states (hamming "
                        + engram.hamming(encog) + ")");
            }
            if (engram.equals(patterns.get(j % k))) {
                exact++;
            }
        }
        System.out.printf("%nkernels: %s; Engram and Encog agree on all %d probes, %d recalled their pattern%n",
                registry.kernels().name(), p, exact);
    }

    static BiPolarNeuralData toEncog(BipolarPattern pattern) {
        boolean[] b = new boolean[pattern.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = pattern.isPlus(i);
        }
        return new BiPolarNeuralData(b);
    }

    static BipolarPattern fromEncog(BiPolarNeuralData d) {
        int[] v = new int[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.getBoolean(i) ? 1 : -1;
        }
        return BipolarPattern.of(v);
    }

    @Benchmark
    public void engramStoreRecall(Blackhole bh) {
        BipolarMemory m = (BipolarMemory) workload.newModel(registry);
        m.storeAll(patterns);
        RecallWorkspace ws = m.newWorkspace();
        long[] out = new long[BipolarPattern.wordsFor(n)];
        for (long[] probe : probeWords) {
            m.recallInto(probe, out, null, ws);
            bh.consume(out[0]);
        }
    }

    @Benchmark
    public void encogStoreRecall(Blackhole bh) {
        HopfieldNetwork net = new HopfieldNetwork(n);
        for (BiPolarNeuralData d : encogPatterns) {
            net.addPattern(d);
        }
        for (BiPolarNeuralData probe : encogProbes) {
            net.setCurrentState(probe);
            net.runUntilStable(100);
            bh.consume(net.getCurrentState().getBoolean(0));
        }
    }

    @Benchmark
    public void engramRecall(Blackhole bh) {
        long[] out = new long[BipolarPattern.wordsFor(n)];
        for (long[] probe : probeWords) {
            engramNet.recallInto(probe, out, null, engramWs);
            bh.consume(out[0]);
        }
    }

    @Benchmark
    public void encogRecall(Blackhole bh) {
        for (BiPolarNeuralData probe : encogProbes) {
            encogNet.setCurrentState(probe);
            encogNet.runUntilStable(100);
            bh.consume(encogNet.getCurrentState().getBoolean(0));
        }
    }
}
