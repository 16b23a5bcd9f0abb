package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.Engram;
import dev.engram.api.ModelFiles;
import dev.engram.api.SizeLimitException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes are computed in long and refused, with what is needed and what the JVM has, before anything is allocated. */
class SizeChecksTest {
    @TempDir
    Path dir;

    private static void assertRefused(String start, Runnable r) {
        SizeLimitException e = assertThrows(SizeLimitException.class, r::run);
        assertTrue(e.getMessage().startsWith(start) && e.getMessage().contains("; this JVM may use ")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void modelsTooLargeForTheJvmAreRefusedByTheApi() {
        assertRefused("hopfield with N = 1,000,000 needs 3.6 TB of weights",
                () -> Engram.memory("hopfield").dimension(1_000_000).build());
        // N² = 2^40 overflows an int to 0: the check must not pass by overflow
        assertRefused("hopfield with N = 1,048,576 needs 4.0 TB of weights",
                () -> Engram.memory("hopfield").dimension(1 << 20).build());
        assertRefused("dam with K = 1,048,576 memories and N = 1,048,576 needs 20.0 TB",
                () -> Engram.memory("dam").dimension(1 << 20).param("memories", 1 << 20).build());
        assertRefused("kv with 1,000,000 slots, key dimension 1,000,000 and value dimension 1,000,000 needs",
                () -> Engram.memory("kv").dimension(1_000_000).buildModel());
        assertRefused("bam with key dimension 1,000,000",
                () -> Engram.memory("bam").dimension(1_000_000).buildModel());
    }

    @Test
    void aModelThatFitsIsStillMade() {
        Engram.memory("hopfield").dimension(300).build();
        Engram.memory("dam").dimension(300).param("memories", 50).build();
    }

    /** A model file in ModelFiles' format with a valid checksum: what a crafted (or corrupted) file can say. */
    static byte[] craft(String provider, int dimension, List<String> params, byte[] payload) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(all);
        out.write(ModelFiles.MAGIC);
        out.writeInt(ModelFiles.VERSION);
        out.writeUTF(provider);
        out.writeInt(dimension);
        out.writeInt(params.size());
        for (String p : params) {
            out.writeUTF(p);
        }
        out.writeLong(payload.length);
        out.write(payload);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(all.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return all.toByteArray();
    }

    @Test
    void aCraftedDimensionIsCheckedAgainstTheFileLengthBeforeAllocating() throws IOException {
        byte[] small = new byte[64];
        for (int dim : new int[] {2147483584, 0x7fffffff, 1 << 20, 40_000}) {
            for (String[] m : new String[][] {{"hopfield"}, {"dam"}, {"dam", "mode=stored"}, {"kv"}, {"bam"}, {"modern"}}) {
                List<String> params = m.length > 1 ? List.of(m[1]) : List.of();
                Path f = dir.resolve(m[0] + "-" + dim + ".engram");
                Files.write(f, craft(m[0], dim, params, small));
                Exception e = assertThrows(Exception.class, () -> ModelFiles.load(f, TestModels.registry()),
                        m[0] + " " + dim);
                // a state the file cannot hold is an IOException; a model no JVM here could hold is a size refusal
                boolean io = e instanceof IOException && (e.getMessage().contains("truncated")
                        || e.getMessage().contains("malformed") || e.getMessage().contains("does not match"));
                boolean size = e instanceof SizeLimitException && e.getMessage().contains("this JVM may use");
                assertTrue(e.getMessage().contains(f.toString()) && (io || size), e.toString());
            }
        }
    }

    @Test
    void lengthFieldsInsideAStateCannotOverflow() throws IOException {
        // a delta-rule hopfield state whose pattern count makes count × words overflow an int
        int n = 64;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeLong(1);
        d.writeInt(Integer.MAX_VALUE);          // count
        d.writeInt(n * n);
        for (int i = 0; i < n * n; i++) {
            d.writeFloat(0f);
        }
        d.writeInt(-2);                         // what (int) (count * words) would be
        d.flush();
        Path f = dir.resolve("overflow.engram");
        Files.write(f, craft("hopfield", n, List.of("rule=delta"), b.toByteArray()));
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(f, TestModels.registry()));
        assertTrue(e.getMessage().contains("hopfield stored patterns"), e.getMessage());
    }
}
