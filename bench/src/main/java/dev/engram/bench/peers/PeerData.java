package dev.engram.bench.peers;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.spi.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the inputs and Engram's answers of side-by-side workloads for the NumPy reference
 * ({@code bench/python/compare.py}): for each spec, a folder {@code OUT/<slug>/} with {@code patterns.npy}
 * (K × N, int8 ±1; float32 for {@code modern} with {@code patterns=gaussian}), {@code probes.npy} (P × N: int8 ±1, float32 for {@code modern}) and {@code engram.npy} (P × N:
 * Engram's recalled states, int8 ±1, or float32 for {@code modern}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.engram.bench.peers.PeerData OUT SPEC...}
 */
public final class PeerData {
    private PeerData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PeerData OUT_DIR WORKLOAD_SPEC...");
            System.exit(2);
        }
        Path outDir = Path.of(args[0]);
        Registry registry = Registry.load();
        System.out.println("kernels: " + registry.kernels().name());
        for (int a = 1; a < args.length; a++) {
            Workload w = Workload.parse(args[a]);
            Path dir = outDir.resolve(w.slug());
            Files.createDirectories(dir);
            if (w.model().equals("modern")) {
                List<RealVector> realPatterns = w.realPatterns();
                if (w.gaussian()) {
                    float[] all = new float[w.k() * w.n()];
                    for (int mu = 0; mu < w.k(); mu++) {
                        realPatterns.get(mu).copyTo(all, mu * w.n());
                    }
                    Npy.writeFloat32(dir.resolve("patterns.npy"), all, w.k(), w.n());
                } else {
                    Npy.writeInt8(dir.resolve("patterns.npy"), toBytes(w.patterns(), w.n()), w.k(), w.n());
                }
                List<RealVector> probes = w.realProbes(realPatterns);
                RealMemory m = w.realMemoryOf(registry, realPatterns);
                float[] in = new float[w.p() * w.n()];
                float[] out = new float[w.p() * w.n()];
                for (int j = 0; j < w.p(); j++) {
                    probes.get(j).copyTo(in, j * w.n());
                    m.recall(probes.get(j)).state().copyTo(out, j * w.n());
                }
                Npy.writeFloat32(dir.resolve("probes.npy"), in, w.p(), w.n());
                Npy.writeFloat32(dir.resolve("engram.npy"), out, w.p(), w.n());
            } else {
                List<BipolarPattern> patterns = w.patterns();
                Npy.writeInt8(dir.resolve("patterns.npy"), toBytes(patterns, w.n()), w.k(), w.n());
                List<BipolarPattern> probes = w.probes(patterns);
                BipolarMemory m = w.bipolarMemory(registry, patterns);
                int exact = 0;
                BipolarPattern[] recalled = new BipolarPattern[w.p()];
                for (int j = 0; j < w.p(); j++) {
                    recalled[j] = m.recall(probes.get(j)).state();
                    if (recalled[j].equals(patterns.get(j % w.k()))) {
                        exact++;
                    }
                }
                Npy.writeInt8(dir.resolve("probes.npy"), toBytes(probes, w.n()), w.p(), w.n());
                Npy.writeInt8(dir.resolve("engram.npy"), toBytes(List.of(recalled), w.n()), w.p(), w.n());
                System.out.printf("%s: %d of %d probes recalled their pattern exactly%n", w.spec(), exact, w.p());
            }
            System.out.println("wrote " + dir);
        }
    }

    private static byte[] toBytes(List<BipolarPattern> list, int n) {
        byte[] b = new byte[list.size() * n];
        for (int j = 0; j < list.size(); j++) {
            BipolarPattern p = list.get(j);
            for (int i = 0; i < n; i++) {
                b[j * n + i] = (byte) p.get(i);
            }
        }
        return b;
    }
}
