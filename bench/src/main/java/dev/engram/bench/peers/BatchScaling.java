package dev.engram.bench.peers;

import dev.engram.api.BatchRecall;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.Registry;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Batch recall scaling from 1 to T threads, measured so that a busy shared machine can still be read: per batch
 * the wall time and the <em>process CPU time</em> (all threads). On an idle machine the wall-time ratio is the
 * scaling. On a loaded one the threads are descheduled and wall time says little, but the CPU time per batch
 * shows the cost of going parallel: if T threads spend no more CPU per batch than one thread, the batch splits
 * without overhead and an idle T-core machine scales by about T (less the slice imbalance, which this also
 * reports). {@link BatchRecallBenchmark} is the JMH measurement of the same thing (wall time).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.engram.bench.peers.BatchScaling SECONDS MAX_THREADS SPEC...}
 */
public final class BatchScaling {
    private BatchScaling() {
    }

    public static void main(String[] args) {
        double seconds = Double.parseDouble(args[0]);
        int maxThreads = Integer.parseInt(args[1]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Registry registry = Registry.load();
        for (int a = 2; a < args.length; a++) {
            Workload w = Workload.parse(args[a]);
            List<BipolarPattern> patterns = w.patterns();
            List<BipolarPattern> ps = w.probes(patterns);
            BipolarMemory m = w.bipolarMemory(registry, patterns);
            int words = BipolarPattern.wordsFor(w.n());
            long[] probes = new long[ps.size() * words];
            for (int j = 0; j < ps.size(); j++) {
                ps.get(j).copyWordsTo(probes, j * words);
            }
            double wall1 = 0;
            double cpu1 = 0;
            for (int t = 1; t <= maxThreads; t++) {
                long[] out = new long[probes.length];
                try (BatchRecall b = new BatchRecall(m, t)) {
                    long end = System.nanoTime() + 2_000_000_000L;
                    while (System.nanoTime() < end) {
                        b.recallInto(probes, ps.size(), out, null);
                    }
                    double[] wall = new double[100_000];
                    double[] cpu = new double[100_000];
                    int count = 0;
                    long stop = System.nanoTime() + (long) (seconds * 1e9);
                    while ((System.nanoTime() < stop || count < 5) && count < wall.length) {
                        long c0 = os.getProcessCpuTime();
                        long w0 = System.nanoTime();
                        b.recallInto(probes, ps.size(), out, null);
                        wall[count] = (System.nanoTime() - w0) / 1e6;
                        cpu[count] = (os.getProcessCpuTime() - c0) / 1e6;
                        count++;
                    }
                    double wm = median(wall, count);
                    double cm = median(cpu, count);
                    if (t == 1) {
                        wall1 = wm;
                        cpu1 = cm;
                    }
                    System.out.printf(Locale.ROOT, "scaling %s threads=%d wall_ms=%.3f cpu_ms=%.3f recalls_per_s=%.0f "
                                    + "wall_speedup=%.2f cpu_overhead=%.3f batches=%d load=%.2f%n", w.spec(), t, wm, cm,
                            ps.size() / wm * 1e3, wall1 / wm, cm / cpu1, count, os.getSystemLoadAverage());
                }
            }
        }
    }

    private static double median(double[] v, int count) {
        double[] s = Arrays.copyOf(v, count);
        Arrays.sort(s);
        return count % 2 == 1 ? s[count / 2] : (s[count / 2 - 1] + s[count / 2]) / 2;
    }
}
