package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.kv.KvStudies;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KvCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheExperiments() {
        Run r = run("kv", "--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"benchmark", "capacity", "continual", "correlated", "hetero", "sequence", "metalearn"}) {
            assertTrue(r.out().contains(c), c + " missing from " + r.out());
        }
    }

    @Test
    void sizesTooLargeAreRefusedBeforeAnythingIsAllocated() {
        Run r = run("kv", "continual", "--steps", "2000000000", "--out", dir.resolve("c").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("steps is 2000000000; accepted: an integer from 1 to 10000000"), r.err());
        r = run("kv", "benchmark", "-N", "1000000", "--out", dir.resolve("b").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("kv with 1,000,000 slots") && r.err().contains("this JVM may use"), r.err());
    }

    @Test
    void anOutOfMemoryErrorIsOneLine() {
        OutOfMemoryError oom = Main.outOfMemory(new IllegalStateException("wrapped", new OutOfMemoryError("Java heap space")));
        assertTrue(oom != null && Main.outOfMemory(new IllegalStateException("no")) == null);
        String line = Main.outOfMemoryLine(oom);
        assertTrue(line.startsWith("engram: failed: out of memory (Java heap space); this JVM may use ")
                && line.contains("ENGRAM_JAVA_OPTS=-Xmx") && !line.contains("\n"), line);
    }

    @Test
    void benchmarkWritesResultsAndPlot() throws Exception {
        Run r = run("kv", "benchmark", "--repeats", "1", "--items", "10,40", "--out", dir.toString(), "--seed", "3");
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"benchmark.json", "benchmark.csv", "benchmark.png", "benchmark.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        JsonNode j = Json.read(dir.resolve("benchmark.json"));
        assertEquals("benchmark", j.get("experiment").asText());
        JsonNode first = j.get("points").get(0);
        assertEquals("kv-sequential", first.get("model").asText());
        assertEquals(1.0, first.get("mean").asDouble(), 1e-9);
        // same seed, same numbers
        Path again = dir.resolve("again");
        assertEquals(0, run("kv", "benchmark", "--repeats", "1", "--items", "10,40", "--out", again.toString(),
                "--seed", "3").code());
        assertEquals(Files.readString(dir.resolve("benchmark.csv")), Files.readString(again.resolve("benchmark.csv")));
    }

    @Test
    void metalearnAndCapacityRunSmall() throws Exception {
        Run r = run("kv", "metalearn", "-N", "10", "--episodes", "2", "--evaluations", "24", "--population", "6",
                "--repeats", "1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(dir.resolve("metalearn.json"));
        assertEquals(11, j.get("learned").size());
        assertTrue(Files.exists(dir.resolve("metalearn.png")));
        Run c = run("kv", "capacity", "--sizes", "10,20", "--repeats", "1", "--out", dir.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Json.read(dir.resolve("capacity.json")).get("summary").has("kv-sequential"));
    }

    @Test
    void capacityPresetIsRegistered() {
        assertEquals(KvStudies.CAPACITY_PRESET,
                dev.engram.experiments.preset.Presets.get("tyulmankov-capacity").name());
    }

    @Test
    void badInputExitsWithUsageError() {
        assertEquals(Main.EXIT_USAGE, run("kv", "benchmark", "--repeats", "0", "--out", dir.toString()).code());
        assertEquals(Main.EXIT_USAGE, run("kv", "capacity", "--theta", "1.5", "--out", dir.toString()).code());
        Run r = run("kv", "correlated", "--rho", "2", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--rho"), r.err());
        assertEquals(Main.EXIT_USAGE, run("kv", "metalearn", "--population", "2", "--out", dir.toString()).code());
        assertEquals(Main.EXIT_USAGE, run("kv", "benchmark", "--items", "x").code());
    }
}
