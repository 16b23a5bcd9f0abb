package dev.engram.bench.peers;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.spi.Registry;
import dev.engram.core.model.modern.ModernHopfield;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Single-probe recall latency measured as <em>thread CPU time</em> (and wall time) per call, the load-robust
 * companion of {@link PeerRecallBenchmark} on a shared machine: a thread that is descheduled by other work
 * accumulates wall time but not CPU time. Each workload is warmed up (JIT) and then timed in batches of calls
 * cycling over its probes, a batch being long enough (about 200 us) that the clock's cost is negligible; the
 * result is the median over batches of the time per call. {@code bench/python/compare.py} times NumPy the
 * same way ({@code time.thread_time_ns}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.engram.bench.peers.PeerLatency SECONDS_PER_WORKLOAD SPEC...};
 * prints one line per workload: {@code latency <spec> cpu_median_us=.. wall_median_us=.. batch=.. batches=..}.
 */
public final class PeerLatency {
    private PeerLatency() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: PeerLatency SECONDS_PER_WORKLOAD WORKLOAD_SPEC...");
            System.exit(2);
        }
        double seconds = Double.parseDouble(args[0]);
        Registry registry = Registry.load();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("kernels: " + registry.kernels().name());
        for (int a = 1; a < args.length; a++) {
            Workload w = Workload.parse(args[a]);
            Runnable call = caller(w, registry);
            // warm-up: at least 2 s of calls (C2 compiles the recall loop and the kernels)
            long end = System.nanoTime() + 2_000_000_000L;
            long warm = 0;
            while (System.nanoTime() < end || warm < 200) {
                call.run();
                warm++;
            }
            long t0 = System.nanoTime();
            int batch = 1;
            for (int i = 0; i < 50; i++) {
                call.run();
            }
            double perCall = (System.nanoTime() - t0) / 50.0;
            batch = (int) Math.max(1, Math.min(100_000, 200_000 / Math.max(1.0, perCall)));
            int max = 100_000;
            double[] cpu = new double[max];
            double[] wall = new double[max];
            int count = 0;
            long stop = System.nanoTime() + (long) (seconds * 1e9);
            while ((System.nanoTime() < stop || count < 20) && count < max) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int b = 0; b < batch; b++) {
                    call.run();
                }
                long w1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                cpu[count] = (c1 - c0) / 1e3 / batch;
                wall[count] = (w1 - w0) / 1e3 / batch;
                count++;
            }
            System.out.printf(Locale.ROOT, "latency %s cpu_median_us=%.4f wall_median_us=%.4f batch=%d batches=%d%n",
                    w.spec(), median(cpu, count), median(wall, count), batch, count);
        }
    }

    private static double median(double[] v, int count) {
        double[] s = Arrays.copyOf(v, count);
        Arrays.sort(s);
        return count % 2 == 1 ? s[count / 2] : (s[count / 2 - 1] + s[count / 2]) / 2;
    }

    private static Runnable caller(Workload w, Registry registry) {
        if (w.model().equals("modern")) {
            List<RealVector> realPatterns = w.realPatterns();
            RealMemory m = w.realMemoryOf(registry, realPatterns);
            RealVector[] probes = w.realProbes(realPatterns).toArray(new RealVector[0]);
            int[] next = {0};
            Object[] sink = new Object[1];
            if (m instanceof ModernHopfield mh) { // the zero-allocation path, no energy computed
                RecallWorkspace ws = mh.newWorkspace();
                float[][] in = new float[probes.length][];
                for (int j = 0; j < probes.length; j++) {
                    in[j] = probes[j].toArray();
                }
                float[] out = new float[w.n()];
                return () -> {
                    int j = next[0];
                    next[0] = j + 1 == in.length ? 0 : j + 1;
                    mh.recallInto(in[j], out, ws);
                };
            }
            return () -> {
                int j = next[0];
                next[0] = j + 1 == probes.length ? 0 : j + 1;
                sink[0] = m.recall(probes[j]);
            };
        }
        List<BipolarPattern> patterns = w.patterns();
        BipolarMemory m = w.bipolarMemory(registry, patterns);
        RecallWorkspace ws = m.newWorkspace();
        List<BipolarPattern> ps = w.probes(patterns);
        long[][] probes = new long[ps.size()][];
        for (int j = 0; j < probes.length; j++) {
            probes[j] = ps.get(j).words();
        }
        long[] out = new long[BipolarPattern.wordsFor(w.n())];
        int[] next = {0};
        return () -> {
            int j = next[0];
            next[0] = j + 1 == probes.length ? 0 : j + 1;
            m.recallInto(probes[j], out, null, ws);
        };
    }
}
