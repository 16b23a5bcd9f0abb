package dev.engram.experiments.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoTest {
    @TempDir
    Path dir;

    @Test
    void atomicWriteReplacesAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("sub/a.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of("a.txt"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void failedWriteKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("keep.txt");
        AtomicFiles.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("interrupted");
        }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void appendLineKeepsCompleteLines() throws IOException {
        Path f = dir.resolve("log.jsonl");
        AtomicFiles.appendLine(f, "{\"a\":1}");
        AtomicFiles.appendLine(f, "{\"a\":2}");
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}"), Files.readAllLines(f));
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.appendLine(f, "a\nb"));
    }

    @Test
    void unwritableFolderIsAClearError() throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.requireWritableFolder(file.resolve("out")));
        assertTrue(e.getMessage().contains("cannot be written"), e.getMessage());
    }

    @Test
    void jsonAndCsvRoundTrip() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "dam");
        m.put("matrix", new double[][] {{1, 0.5}, {0.25, 1}});
        Json.write(dir.resolve("r.json"), m);
        assertEquals(0.25, Json.read(dir.resolve("r.json")).get("matrix").get(1).get(0).asDouble());
        assertFalse(Json.line(m).contains("\n"));

        Csv.write(dir.resolve("r.csv"), List.of("a", "b"), List.of(List.of("x,y", 0.5), List.of("z", Double.NaN)));
        List<List<String>> rows = Csv.read(dir.resolve("r.csv"));
        assertEquals(List.of(List.of("a", "b"), List.of("x,y", "0.5"), List.of("z", "")), rows);
        assertEquals("\"x,y\",3", Csv.line(List.of("x,y", 3)));
        assertEquals("0.123457", Csv.cell(0.1234567));
        assertEquals("2", Csv.cell(2.0));
    }

    @Test
    void chartsAreSavedAsPngAndSvg() throws IOException {
        List<Path> line = Charts.line("t", "x", "y",
                List.of(new Charts.Series("a", new double[] {1, 2, 3}, new double[] {0.1, Double.NaN, 0.9})),
                new double[] {0, 1}).save(dir, "line");
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("naive", new double[] {0.2, 0.5});
        bars.put("ewc", new double[] {0.7, 0.6});
        List<Path> bar = Charts.bars("b", "", "acc", List.of("ACC", "BWT"), bars, null).save(dir, "bars");
        List<Path> heat = Charts.heatMap("R", "task", "after", new double[][] {{1, Double.NaN}, {0.5, 1}},
                List.of("1", "2"), List.of("1", "2"), 0, 1).save(dir, "heat");
        for (List<Path> files : List.of(line, bar, heat)) {
            byte[] png = Files.readAllBytes(files.get(0));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
            assertTrue(Files.readString(files.get(1)).contains("<svg"));
        }
    }

    @Test
    void progressIsQuietWithoutATerminal() {
        // Surefire runs without a console.
        try (Progress p = Progress.start("test", 10)) {
            p.step();
            p.message("x");
            assertTrue(p.isQuiet(), "surefire's forked JVM has no terminal");
        }
    }
}
