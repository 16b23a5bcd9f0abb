package dev.engram.bench.peers;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.spi.Registry;
import dev.engram.core.model.modern.ModernHopfield;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * Single-probe recall latency of the side-by-side workloads ({@link Workload} specs), the Java half of
 * {@code bench/compare-numpy.sh}: each call recalls the next of the workload's P probes (cycling), from the
 * probe to the final state, through the zero-allocation {@code recallInto} (for {@code modern}: {@code ModernHopfield.recallInto}, which
 * skips the energy that {@code RealMemory.recall} also computes).
 * The NumPy half times the same probes on the same patterns; compare the medians (SampleTime p0.50).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeerRecallBenchmark {

    @Param({
            "hopfield:N=1024:K=51:P=32:flip=0.1:seed=1:rule=hebbian:recall=async",
            "dam:N=1024:K=1000:P=32:flip=0.1:seed=1:mode=stored:interaction=polynomial:n=3:recall=async",
            "modern:N=128:K=10000:P=32:flip=0.2:seed=1:max-steps=1"})
    public String workload;

    private BipolarMemory bipolar;
    private RealMemory real;
    private RecallWorkspace ws;
    private long[][] probes;
    private RealVector[] realProbes;
    private ModernHopfield modern;
    private float[][] floatProbes;
    private float[] floatOut;
    private long[] out;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        Workload w = Workload.parse(workload);
        Registry registry = Registry.load();
        if (w.model().equals("modern")) {
            List<RealVector> realPatterns = w.realPatterns();
            real = w.realMemoryOf(registry, realPatterns);
            realProbes = w.realProbes(realPatterns).toArray(new RealVector[0]);
            if (real instanceof ModernHopfield mh) { // the zero-allocation path, no energy computed
                modern = mh;
                ws = mh.newWorkspace();
                floatProbes = new float[realProbes.length][];
                for (int j = 0; j < realProbes.length; j++) {
                    floatProbes[j] = realProbes[j].toArray();
                }
                floatOut = new float[w.n()];
            }
        } else {
            List<BipolarPattern> patterns = w.patterns();
            bipolar = w.bipolarMemory(registry, patterns);
            ws = bipolar.newWorkspace();
            List<BipolarPattern> ps = w.probes(patterns);
            probes = new long[ps.size()][];
            for (int j = 0; j < ps.size(); j++) {
                probes[j] = ps.get(j).words();
            }
            out = new long[BipolarPattern.wordsFor(w.n())];
        }
        System.out.println("\nkernels: " + registry.kernels().name() + ", workload " + workload);
    }

    @Benchmark
    public Object recall() {
        int j = next;
        if (modern != null) {
            next = j + 1 == floatProbes.length ? 0 : j + 1;
            modern.recallInto(floatProbes[j], floatOut, ws);
            return floatOut;
        }
        if (real != null) {
            next = j + 1 == realProbes.length ? 0 : j + 1;
            return real.recall(realProbes[j]);
        }
        next = j + 1 == probes.length ? 0 : j + 1;
        bipolar.recallInto(probes[j], out, null, ws);
        return out;
    }
}
