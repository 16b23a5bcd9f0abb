package dev.engram.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static byte[] bytes(int n, int mul) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * mul);
        }
        return b;
    }

    @Test
    void readsRawAndGzip() throws IOException {
        byte[] data = bytes(3 * 2 * 4, 37);
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("x" + gz);
            Idx.write(f, new int[] {3, 2, 4}, data, gz);
            Idx.Array a = Idx.read(f);
            assertArrayEquals(new int[] {3, 2, 4}, a.dims());
            assertEquals(3, a.count());
            assertEquals(8, a.entrySize());
            assertArrayEquals(data, a.data());
            assertEquals((5 * 37) & 0xFF, a.unsigned(5));
        }
    }

    @Test
    void rejectsBadMagicTypeTruncationAndTrailingBytes() throws IOException {
        Path good = dir.resolve("good");
        Idx.write(good, new int[] {4, 3}, bytes(12, 1), false);
        byte[] ok = Files.readAllBytes(good);

        Path magic = dir.resolve("magic");
        byte[] m = ok.clone();
        m[0] = 1;
        Files.write(magic, m);
        assertTrue(msg(magic).contains("not an IDX file"), msg(magic));

        Path type = dir.resolve("type");
        byte[] t = ok.clone();
        t[2] = 0x0D;
        Files.write(type, t);
        assertTrue(msg(type).contains("only unsigned bytes"), msg(type));

        Path trunc = dir.resolve("trunc");
        Files.write(trunc, Arrays.copyOf(ok, ok.length - 5));
        assertTrue(msg(trunc).contains("truncated"), msg(trunc));

        Path header = dir.resolve("header");
        Files.write(header, Arrays.copyOf(ok, 6));
        assertTrue(msg(header).contains("truncated"), msg(header));

        Path extra = dir.resolve("extra");
        Files.write(extra, Arrays.copyOf(ok, ok.length + 2));
        assertTrue(msg(extra).contains("bytes after"), msg(extra));

        Path gz = dir.resolve("gz");
        Idx.write(gz, new int[] {4, 3}, bytes(12, 1), true);
        byte[] g = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(g, g.length - 10));
        assertTrue(msg(gz).contains("truncated"), msg(gz));

        assertTrue(msg(dir.resolve("none")).contains("does not exist"));
    }

    private static String msg(Path f) {
        return assertThrows(IllegalArgumentException.class, () -> Idx.read(f)).getMessage();
    }

    /** Writes a tiny MNIST-like data set: {@code count} 4x4 images whose pixel p is lit when (p + label) % 3 == 0. */
    static void writeTinyMnist(Path folder, int count, boolean gz) throws IOException {
        for (String part : new String[] {"train", "t10k"}) {
            byte[] px = new byte[count * 16];
            byte[] lb = new byte[count];
            for (int i = 0; i < count; i++) {
                int label = i % 10;
                lb[i] = (byte) label;
                for (int p = 0; p < 16; p++) {
                    px[i * 16 + p] = (byte) ((p + label) % 3 == 0 ? 200 : 0);
                }
            }
            String sfx = gz ? ".gz" : "";
            Idx.write(folder.resolve(part + "-images-idx3-ubyte" + sfx), new int[] {count, 4, 4}, px, gz);
            Idx.write(folder.resolve(part + "-labels-idx1-ubyte" + sfx), new int[] {count}, lb, gz);
        }
    }

    @Test
    void imageSetLoadsAndSaysHowToFetchWhenMissing() throws IOException {
        writeTinyMnist(dir.resolve("mnist"), 30, true);
        ImageSet s = ImageSet.load(dir, ImageSet.Source.MNIST, true);
        assertEquals(30, s.count());
        assertEquals(16, s.size());
        assertEquals(3, s.label(13));
        assertEquals(200, s.pixel(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.load(dir, ImageSet.Source.FASHION_MNIST, true));
        assertTrue(e.getMessage().contains("scripts/fetch-data.sh fashion-mnist"), e.getMessage());
    }
}
