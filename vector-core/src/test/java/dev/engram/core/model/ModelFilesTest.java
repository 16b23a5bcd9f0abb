package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.ModelFiles;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    static final int N = 70;

    static List<Model> models() {
        List<BipolarPattern> ps = TestModels.randomPatterns(6, N, 5);
        List<Model> out = new java.util.ArrayList<>();
        for (String rule : List.of("hebbian", "storkey", "delta", "pseudoinverse")) {
            BipolarMemory h = (BipolarMemory) TestModels.create("hopfield", N, 3L, Map.of("rule", rule, "recall", "sync"));
            h.storeAll(ps);
            out.add(h);
        }
        BipolarMemory stored = (BipolarMemory) TestModels.create("dam", N, 4L, Map.of("mode", "stored", "recall", "async"));
        stored.storeAll(ps);
        out.add(stored);
        TrainableModel trained = (TrainableModel) TestModels.create("dam", N, 4L, Map.of("memories", 8, "epochs", 5,
                "interaction", "rectified", "n", 4));
        new SequentialTrainer(trained, () -> "naive", 1).learn(0,
                new Task("t", ps.stream().map(Item::of).toList(), List.of(), Scoring.exact()));
        out.add(trained);
        RealMemory modern = (RealMemory) TestModels.create("modern", N, 6L, Map.of("beta", 0.3));
        ps.forEach(p -> modern.store(p.toRealVector()));
        out.add(modern);
        return out;
    }

    static byte[] state(Model m) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            m.writeState(d);
        }
        return b.toByteArray();
    }

    @Test
    void everyModelRoundTrips() throws IOException {
        SplittableRandom rng = new SplittableRandom(9);
        for (Model m : models()) {
            Path f = dir.resolve(m.providerName() + "-" + m.params().hashCode() + ".engram");
            ModelFiles.save(m, f);
            Model back = ModelFiles.load(f, TestModels.registry(), dev.engram.core.kernel.ScalarKernels.INSTANCE);
            assertEquals(m.providerName(), back.providerName());
            assertEquals(m.params(), back.params());
            assertEquals(m.dimension(), back.dimension());
            assertArrayEquals(state(m), state(back), m.params().toString());
            if (m instanceof BipolarMemory a) {
                BipolarMemory b = (BipolarMemory) back;
                assertEquals(a.size(), b.size());
                for (int t = 0; t < 5; t++) {
                    BipolarPattern probe = BipolarPattern.random(N, rng);
                    assertEquals(a.recall(probe).state(), b.recall(probe).state());
                    assertEquals(a.energy(probe), b.energy(probe), 1e-9);
                }
            } else {
                RealMemory a = (RealMemory) m;
                RealVector probe = BipolarPattern.random(N, rng).toRealVector();
                assertEquals(a.recall(probe).state(), ((RealMemory) back).recall(probe).state());
            }
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file left");
            }
        }
    }

    @Test
    void damagedFilesGiveClearErrors() throws IOException {
        BipolarMemory m = (BipolarMemory) TestModels.create("dam", N, 4L, Map.of("mode", "stored"));
        m.storeAll(TestModels.randomPatterns(5, N, 1));
        Path good = dir.resolve("good.engram");
        ModelFiles.save(m, good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.engram");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        assertMessage(IOException.class, truncated, "truncated");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 10));
        assertMessage(IOException.class, truncated, "truncated");

        Path corrupt = dir.resolve("corrupt.engram");
        byte[] c = bytes.clone();
        c[c.length - 30] ^= 0x10;
        Files.write(corrupt, c);
        assertMessage(IOException.class, corrupt, "checksum");

        Path magic = dir.resolve("magic.engram");
        byte[] g = bytes.clone();
        g[0] = 'X';
        Files.write(magic, g);
        assertMessage(IOException.class, magic, "magic");

        Path version = dir.resolve("version.engram");
        byte[] v = bytes.clone();
        v[11] = 9;
        Files.write(version, withCrc(v));
        assertMessage(IOException.class, version, "version 9");

        Path unknown = dir.resolve("unknown.engram");
        Files.write(unknown, withProvider(bytes, "dam", "zzz"));
        assertMessage(IllegalArgumentException.class, unknown, "unknown model 'zzz'");

        Path wrongState = dir.resolve("wrong-state.engram");
        Files.write(wrongState, withProvider(bytes, "dam", "modern"));
        Throwable t = assertThrows(Exception.class, () -> ModelFiles.load(wrongState, TestModels.registry()));
        assertTrue(t.getMessage().contains(wrongState.toString()), t.getMessage());
    }

    private static void assertMessage(Class<? extends Exception> type, Path f, String text) {
        Exception e = assertThrows(type, () -> ModelFiles.load(f, TestModels.registry()));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(text), e.getMessage());
    }

    /** Replaces the trailing checksum so that only the deliberate change is wrong. */
    private static byte[] withCrc(byte[] bytes) {
        byte[] b = bytes.clone();
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        long v = crc.getValue();
        for (int i = 0; i < 8; i++) {
            b[b.length - 8 + i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    /** The same file with another provider name (same length), checksum fixed. */
    private static byte[] withProvider(byte[] bytes, String from, String to) {
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from, 12);
        byte[] b;
        if (from.length() == to.length()) {
            b = bytes.clone();
            System.arraycopy(to.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, at, to.length());
        } else {
            byte[] t = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            b = new byte[bytes.length + t.length - from.length()];
            System.arraycopy(bytes, 0, b, 0, at - 2);
            b[at - 2] = 0;
            b[at - 1] = (byte) t.length;
            System.arraycopy(t, 0, b, at, t.length);
            System.arraycopy(bytes, at + from.length(), b, at + t.length, bytes.length - at - from.length());
        }
        return withCrc(b);
    }
}
