package dev.engram.bench.peers;

import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import dev.engram.core.kernel.KernelSelector;
import dev.engram.core.kernel.ScalarKernels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * The roofline fraction of the DAM update and overlap kernels: their throughput (thread CPU time, so that a busy
 * shared machine does not count descheduled time) against the core's peak.
 *
 * <ul>
 *   <li>DAM update, {@code damFieldsBits} (all N fields, memories as packed bits) and {@code damFieldBits} (one
 *       field), polynomial n = 3: 12 FLOP per memory and neuron (argument base m − s·x: 2; the two arguments
 *       c·(base ± x): 4; two cubes: 4; difference and accumulation: 2). Peak: clock × FLOP/cycle.</li>
 *   <li>DAM weights field ({@code matVecBipolar} with one row): one masked add per memory; peak: one vector
 *       load per cycle (load bytes/cycle ÷ 4 elements).</li>
 *   <li>overlaps ({@code overlaps}: XOR + popcount of one probe against K packed memories): 64-bit words per
 *       second. Peak: clock × popcount words/cycle; L2 bound: clock × L2 bytes/cycle ÷ 8.</li>
 * </ul>
 * The per-cycle peaks depend on the core; the defaults follow the preferred vector width:
 * <ul>
 *   <li>512-bit (AVX-512, as on Zen 4): 32 FLOP/cycle (a 512-bit FMA runs as two 256-bit halves on two FMA
 *       pipes), 8 popcount words/cycle (one 512-bit VPOPCNTQ), 64 load bytes/cycle, 32 L2 bytes/cycle;</li>
 *   <li>256-bit (AVX2, as on Zen 1): 16 FLOP/cycle (Zen 1 has two 128-bit FMA pipes: one 256-bit FMA per
 *       cycle), 4/3 popcount words/cycle (no vector popcount: per word a scalar XOR, POPCNT and ADD, three
 *       ALU operations on four ALUs; a C loop with {@code __builtin_popcountl} reaches about half of that), 32
 *       load bytes/cycle (two 128-bit loads), 32 L2 bytes/cycle.</li>
 * </ul>
 * A core with other figures (Zen 2–3, Intel: two 256-bit FMA pipes = 32 FLOP/cycle on AVX2) passes them.
 * Usage: {@code java -cp benchmarks.jar dev.engram.bench.peers.KernelRoofline CLOCK_GHZ [SECONDS [FLOP_PER_CYCLE
 * POPCOUNT_WORDS_PER_CYCLE LOAD_BYTES_PER_CYCLE L2_BYTES_PER_CYCLE]]}; the clock is best measured ({@code
 * bench/clock.c}: a dependent imul chain in thread CPU time).
 */
public final class KernelRoofline {
    private KernelRoofline() {
    }

    public static void main(String[] args) {
        double ghz = args.length > 0 ? Double.parseDouble(args[0]) : 3.7;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        boolean wide = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() >= 16;
        double flopPerCycle = args.length > 2 ? Double.parseDouble(args[2]) : wide ? 32 : 16;
        double popPerCycle = args.length > 3 ? Double.parseDouble(args[3]) : wide ? 8 : 4.0 / 3;
        double loadBytes = args.length > 4 ? Double.parseDouble(args[4]) : wide ? 64 : 32;
        double l2Bytes = args.length > 5 ? Double.parseDouble(args[5]) : 32;
        double peakFlops = ghz * 1e9 * flopPerCycle;
        double peakWords = ghz * 1e9 * popPerCycle;
        double l2Words = ghz * 1e9 * l2Bytes / 8;
        double loadElems = loadBytes / 4;
        System.out.printf(Locale.ROOT, "preferred vector %d bits; clock %.3f GHz: peak %.1f GFLOP/s (%.0f FLOP/cycle), "
                        + "%.1f Gword/s popcount (%.2f words/cycle), %.0f elements/cycle loads, %.1f Gword/s L2%n",
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(), ghz, peakFlops / 1e9, flopPerCycle,
                peakWords / 1e9, popPerCycle, loadElems, l2Words / 1e9);
        for (String backend : new String[]{"panama", "scalar"}) {
            Kernels k = backend.equals("scalar") ? ScalarKernels.INSTANCE
                    : KernelSelector.select("panama", false).kernels();
            Interaction f = Interaction.polynomial(3);
            for (int[] nk : new int[][]{{1024, 1000}, {256, 10000}, {64, 16384}}) {
                int n = nk[0];
                int kk = nk[1];
                SplittableRandom r = new SplittableRandom(7);
                int kWords = (kk + 63) >>> 6;
                long[] memT = random(r, n * kWords);
                float[] ov = new float[kk];
                for (int mu = 0; mu < kk; mu++) {
                    ov[mu] = n - 2 * r.nextInt(n + 1);
                }
                long[] state = random(r, (n + 63) >>> 6);
                float[] fields = new float[n];
                float c = 1f / n;
                double t = cpuPerCall(() -> {
                    k.damFieldsBits(f, c, 0f, ov, kk, memT, kWords, state, 0, n, fields, 0);
                    return Float.floatToRawIntBits(fields[0]);
                }, seconds);
                double flops = 12.0 * n * kk / t;
                System.out.printf(Locale.ROOT,
                        "%-6s damFieldsBits poly3 N=%d K=%d (bits %d KiB + overlaps %d KiB): %.1f us/call, "
                                + "%.2f GFLOP/s = %.1f%% of peak%n", backend, n, kk, n * kWords * 8 / 1024, kk * 4 / 1024,
                        t * 1e6, flops / 1e9, 100 * flops / peakFlops);
            }
            for (int kk : new int[]{1000, 10000}) {
                SplittableRandom r = new SplittableRandom(8);
                int kWords = (kk + 63) >>> 6;
                long[] col = random(r, kWords);
                float[] ov = new float[kk];
                for (int mu = 0; mu < kk; mu++) {
                    ov[mu] = 1024 - 2 * r.nextInt(1025);
                }
                double t = cpuPerCall(() -> Float.floatToRawIntBits(
                        k.damFieldBits(f, 1f / 1024, 0f, ov, kk, col, 0, 1f)), seconds);
                double flops = 12.0 * kk / t;
                System.out.printf(Locale.ROOT, "%-6s damFieldBits  poly3 K=%d (one neuron, L1): %.3f us/call, "
                        + "%.2f GFLOP/s = %.1f%% of peak%n", backend, kk, t * 1e6, flops / 1e9, 100 * flops / peakFlops);
            }
            // the DAM field as StoredDam computes it: one masked sum of the K per-state weights per neuron
            for (int[] nk : new int[][]{{1024, 1000}, {256, 10000}}) {
                int n = nk[0];
                int kk = nk[1];
                int kWords = (kk + 63) >>> 6;
                SplittableRandom r = new SplittableRandom(10);
                long[] memT = random(r, n * kWords);
                float[] weights = new float[kk];
                for (int mu = 0; mu < kk; mu++) {
                    weights[mu] = (float) r.nextDouble(-1, 1);
                }
                float[] fields = new float[n];
                int[] rows = new int[n];
                for (int i = 0; i < n; i++) {
                    rows[i] = i;
                }
                for (int variant = 0; variant < 2; variant++) {
                    boolean blocked = variant == 1;
                    double t = cpuPerCall(() -> {
                        if (blocked) { // as StoredDam: four neurons per pass over the weights
                            for (int i = 0; i < n; i += 4) {
                                k.dotsBipolar(weights, 0, kk, memT, kWords, rows, i, Math.min(4, n - i), fields, i);
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                k.matVecBipolar(weights, 0, 1, kk, memT, i * kWords, fields, i);
                            }
                        }
                        return Float.floatToRawIntBits(fields[0]);
                    }, seconds);
                    double perCycle = (double) n * kk / t / (ghz * 1e9);
                    System.out.printf(Locale.ROOT, "%-6s dam weights field (%s) N=%d K=%d (bits %d KiB + "
                                    + "weights %d KiB): %.1f us/call, %.2f elements/cycle = %.1f%% of %.0f (one vector "
                                    + "load per cycle)%n", backend, blocked ? "dotsBipolar, 4 rows" : "matVecBipolar row",
                            n, kk, n * kWords * 8 / 1024, kk * 4 / 1024, t * 1e6, perCycle, 100 * perCycle / loadElems,
                            loadElems);
                }
            }
            for (int[] nk : new int[][]{{1024, 1000}, {4096, 1000}, {1024, 4000}}) {
                int n = nk[0];
                int kk = nk[1];
                int words = (n + 63) >>> 6;
                SplittableRandom r = new SplittableRandom(9);
                long[] mem = random(r, kk * words);
                long[] probe = random(r, words);
                int[] out = new int[kk];
                double t = cpuPerCall(() -> {
                    k.overlaps(probe, 0, mem, 0, kk, words, n, out, 0);
                    return out[0];
                }, seconds);
                double w = (double) kk * words / t;
                System.out.printf(Locale.ROOT, "%-6s overlaps N=%d K=%d (%d KiB): %.2f us/call, %.2f Gword/s = "
                                + "%.1f%% of popcount peak, %.1f%% of L2 bandwidth%n", backend, n, kk,
                        kk * words * 8 / 1024, t * 1e6, w / 1e9, 100 * w / peakWords, 100 * w / l2Words);
            }
        }
    }

    private static long[] random(SplittableRandom r, int len) {
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
            a[i] = r.nextLong();
        }
        return a;
    }

    /** Median over batches (about 1 ms each) of the thread CPU time per call, in seconds, after 1 s of warm-up. */
    private static double cpuPerCall(IntSupplier call, double seconds) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int sink = 0;
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            sink += call.getAsInt();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            sink += call.getAsInt();
        }
        double per = (System.nanoTime() - t0) / 100.0;
        int batch = (int) Math.max(1, 1_000_000 / Math.max(per, 1));
        double[] v = new double[10_000];
        int count = 0;
        long stop = System.nanoTime() + (long) (seconds * 1e9);
        while ((System.nanoTime() < stop || count < 10) && count < v.length) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int b = 0; b < batch; b++) {
                sink += call.getAsInt();
            }
            v[count++] = (mx.getCurrentThreadCpuTime() - c0) / 1e9 / batch;
        }
        if (sink == 42) {
            System.out.print("");
        }
        double[] s = Arrays.copyOf(v, count);
        Arrays.sort(s);
        return s[count / 2];
    }
}
