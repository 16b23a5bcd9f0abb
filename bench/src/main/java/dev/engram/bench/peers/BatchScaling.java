package dev.engram.bench.peers;

import dev.engram.api.BatchRecall;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.Registry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Batch recall scaling from 1 to T threads, measured so that a busy shared machine can still be read: per batch
 * the wall time and the CPU time of each working thread (the caller and the batch recall's workers). On an idle
 * machine the wall-time ratio is the scaling. On a loaded one the threads are descheduled and wall time says
 * little, but CPU time still shows (a) the cost of going parallel ({@code cpu_overhead}: total CPU per batch with
 * T threads over one thread's; above 1 when threads slow each other down through shared caches or memory) and
 * (b) the critical path ({@code cpu_speedup}: one thread's CPU per batch over the busiest thread's with T threads),
 * which is the speedup an idle T-core machine would show, less the hand-off latency (tens of microseconds per
 * batch). {@link BatchRecallBenchmark} is the JMH measurement of the same thing (wall time).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.engram.bench.peers.BatchScaling SECONDS MAX_THREADS SPEC...}
 */
public final class BatchScaling {
    private BatchScaling() {
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = Double.parseDouble(args[0]);
        int maxThreads = Integer.parseInt(args[1]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
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
                    // the threads doing the work: this one and the batch recall's workers
                    List<Long> ids = new ArrayList<>();
                    ids.add(Thread.currentThread().threadId());
                    for (Thread th : Thread.getAllStackTraces().keySet()) {
                        if (th.isAlive() && th.getName().startsWith("engram-batch-recall-")) {
                            ids.add(th.threadId());
                        }
                    }
                    long[] before = new long[ids.size()];
                    double[] wall = new double[100_000];
                    double[] cpuSum = new double[100_000];
                    double[] cpuMax = new double[100_000];
                    int count = 0;
                    long stop = System.nanoTime() + (long) (seconds * 1e9);
                    while ((System.nanoTime() < stop || count < 5) && count < wall.length) {
                        for (int i = 0; i < before.length; i++) {
                            before[i] = mx.getThreadCpuTime(ids.get(i));
                        }
                        long w0 = System.nanoTime();
                        b.recallInto(probes, ps.size(), out, null);
                        wall[count] = (System.nanoTime() - w0) / 1e6;
                        double sum = 0;
                        double max = 0;
                        for (int i = 0; i < before.length; i++) {
                            double d = (mx.getThreadCpuTime(ids.get(i)) - before[i]) / 1e6;
                            sum += d;
                            max = Math.max(max, d);
                        }
                        cpuSum[count] = sum;
                        cpuMax[count] = max;
                        count++;
                    }
                    double wm = median(wall, count);
                    double cs = median(cpuSum, count);
                    double cm = median(cpuMax, count);
                    if (t == 1) {
                        wall1 = wm;
                        cpu1 = cs;
                    }
                    System.out.printf(Locale.ROOT, "scaling %s threads=%d wall_ms=%.3f cpu_total_ms=%.3f "
                                    + "cpu_busiest_thread_ms=%.3f wall_speedup=%.2f cpu_overhead=%.3f "
                                    + "cpu_speedup=%.2f threads_seen=%d batches=%d load=%.2f%n", w.spec(), t, wm, cs,
                            cm, wall1 / wm, cs / cpu1, cpu1 / cm, ids.size(), count,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                }
                Thread.sleep(200); // let the closed pool's threads exit before the next count is measured
            }
        }
    }

    private static double median(double[] v, int count) {
        double[] s = Arrays.copyOf(v, count);
        Arrays.sort(s);
        return count % 2 == 1 ? s[count / 2] : (s[count / 2 - 1] + s[count / 2]) / 2;
    }
}
