package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.DimensionMismatchException;
import dev.engram.api.Engram;
import dev.engram.api.ModelFileException;
import dev.engram.api.ModelFiles;
import dev.engram.api.param.ParameterException;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.UnknownProviderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller can tell failures apart by type: each is a subtype of the exception thrown before 0.2
 * (IOException or IllegalArgumentException), so no existing catch breaks.
 */
class ErrorTypesTest {
    @TempDir
    Path dir;

    final Registry registry = Registry.load();

    Path saved() throws IOException {
        BipolarMemory m = (BipolarMemory) TestModels.create("hopfield", 40, 1L, Map.of());
        m.storeAll(TestModels.randomPatterns(3, 40, 2));
        Path f = dir.resolve("m.engram");
        ModelFiles.save(m, f);
        return f;
    }

    ModelFileException.Problem problem(byte[] bytes) throws IOException {
        Path f = dir.resolve("x.engram");
        Files.write(f, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFiles.load(f, registry));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e.problem();
    }

    @Test
    void modelFileFaultsHaveTheirOwnKind() throws IOException {
        byte[] good = Files.readAllBytes(saved());
        assertEquals(ModelFileException.Problem.NOT_A_MODEL_FILE, problem("hello, world".getBytes()));
        assertEquals(ModelFileException.Problem.TRUNCATED, problem(java.util.Arrays.copyOf(good, good.length - 20)));
        byte[] flipped = good.clone();
        flipped[good.length - 30] ^= 0x10;
        assertEquals(ModelFileException.Problem.CORRUPT, problem(flipped));
        byte[] version = good.clone();
        ByteBuffer.wrap(version).putInt(8, 99);
        assertEquals(ModelFileException.Problem.OTHER_VERSION, problem(version));
        // still an IOException for callers of 0.1
        IOException asBefore = assertThrows(IOException.class, () -> ModelFiles.load(dir.resolve("x.engram"), registry));
        assertTrue(asBefore instanceof ModelFileException);
    }

    @Test
    void dimensionsNamesAndParametersHaveTheirOwnKind() {
        BipolarMemory m = Engram.memory("hopfield").dimension(40).seed(1).build(BipolarMemory.class);
        DimensionMismatchException d = assertThrows(DimensionMismatchException.class,
                () -> m.store(BipolarPattern.random(30, new java.util.SplittableRandom(1))));
        assertEquals(40, d.expected());
        assertEquals(30, d.actual());
        UnknownProviderException u = assertThrows(UnknownProviderException.class, () -> registry.model("no-such"));
        assertEquals("model", u.kind());
        assertEquals("no-such", u.name());
        assertTrue(u.installed().contains("dam"), u.installed().toString());
        assertThrows(UnknownProviderException.class, () -> registry.strategy("rehearsal+no-such"));
        ParameterException p = assertThrows(ParameterException.class,
                () -> Engram.memory("dam").dimension(40).param("n", 0).build());
        assertEquals("n", p.parameter());
        ParameterException unknown = assertThrows(ParameterException.class,
                () -> Engram.memory("dam").dimension(40).param("no-such", 1).build());
        assertEquals("no-such", unknown.parameter());
        assertTrue(List.of(d, u, p).stream().allMatch(e -> e instanceof IllegalArgumentException));
    }
}
