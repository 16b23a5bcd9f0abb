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
        for (String c : new String[] {"benchmark", "capacity", "continual", "correlated", "hetero", "sequence", "flashbulb",
            "metalearn", "optimised-capacity"}) {
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
        assertEquals(13, j.get("learned").size(), "11 rule scalars + the global third factor a, b");
        assertTrue(Files.exists(dir.resolve("metalearn.png")));
        Run c = run("kv", "capacity", "--sizes", "10,20", "--repeats", "1", "--out", dir.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(Json.read(dir.resolve("capacity.json")).get("summary").has("kv-sequential"));
    }

    @Test
    void optimisedCapacityRunsSmallAndRefusesBadSettings() throws Exception {
        Path oc = dir.resolve("oc");
        Run r = run("kv", "optimised-capacity", "--sizes", "10,20", "--k", "1,2", "--episodes", "2", "--evaluations", "12",
                "--population", "6", "--repeats", "1", "--out", oc.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(oc.resolve("optimised-capacity.json"));
        assertEquals(4, j.get("summary").get("rules").size());
        assertTrue(j.get("summary").get("fits").has("trained p=2/N"));
        assertTrue(Files.size(oc.resolve("optimised-capacity.png")) > 0);
        assertTrue(r.out().contains("fit (capacity = a N + b)") && r.out().contains("simple rule"), r.out());
        Run bad = run("kv", "optimised-capacity", "--sizes", "10,20", "--k", "16", "--out", oc.toString());
        assertEquals(Main.EXIT_USAGE, bad.code());
        assertTrue(bad.err().contains("k = 16 gives a write probability k/N = 16/10 above 1"), bad.err());
        bad = run("kv", "optimised-capacity", "--start", "random", "--out", oc.toString());
        assertEquals(Main.EXIT_USAGE, bad.code());
        assertTrue(bad.err().contains("--start is 'random'; accepted: simple, paper"), bad.err());
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

    @Test
    void randomSlotProbabilityIsAnOptionWithItsDefaultInTheHelp() throws Exception {
        for (String c : new String[] {"benchmark", "continual", "correlated", "hetero", "sequence", "flashbulb"}) {
            Run h = run("kv", c, "--help");
            assertTrue(h.out().contains("--p=P") && h.out().contains("(default 4/N)"), c + ": " + h.out());
        }
        assertTrue(run("kv", "capacity", "--help").out().contains("(default 0.1, the paper's)"));
        for (String[] bad : new String[][] {{"benchmark", "1.5"}, {"capacity", "0"}, {"continual", "-0.1"},
            {"correlated", "2"}, {"hetero", "0"}, {"sequence", "NaN"}, {"flashbulb", "1.01"}}) {
            Run r = run("kv", bad[0], "--p", bad[1], "--out", dir.toString());
            assertEquals(Main.EXIT_USAGE, r.code(), bad[0] + " " + r.err());
            assertTrue(r.err().contains("--p is " + Double.parseDouble(bad[1]) + "; accepted: a number in (0, 1]"),
                    bad[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Run ok = run("kv", "benchmark", "--p", "0.25", "--repeats", "1", "--items", "10", "--out", dir.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Json.read(dir.resolve("benchmark.json")).get("settings").get("p").asText().equals("0.25"));
    }

    @Test
    void continualStoreAndCapacitySearchOptions() throws Exception {
        Run r = run("kv", "continual", "--store", "some", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--store is 'some'; accepted: queried, all"), r.err());
        r = run("kv", "capacity", "--search", "fast", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--search is 'fast'; accepted: authors, strict"), r.err());
        r = run("kv", "continual", "--store", "all", "--delays", "5", "--repeats", "1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("all", Json.read(dir.resolve("continual.json")).get("settings").get("store").asText());
        r = run("kv", "capacity", "--sizes", "10,20", "--repeats", "2", "--search", "strict", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        // the fits are a table with a few digits, not a map of 16-digit numbers
        assertTrue(r.out().contains("slope a") && r.out().contains("intercept b") && r.out().contains("R^2"), r.out());
        assertTrue(!java.util.regex.Pattern.compile("\\d\\.\\d{8,}").matcher(r.out()).find(), r.out());
        JsonNode fit = Json.read(dir.resolve("capacity.json")).get("summary").get("kv-sequential");
        assertTrue(fit.has("slope") && fit.has("intercept") && fit.has("r2"), fit.toString());
    }

    @Test
    void flashbulbRunsAndRefusesADelayThatDoesNotFit() throws Exception {
        Run r = run("kv", "flashbulb", "--steps", "100", "--delays", "10,150", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--delays 150 does not fit in a run of 150 steps (--steps 100 store steps + 50 recall"
                + " steps); accepted: delays from 1 to 149"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = run("kv", "flashbulb", "--salient", "0", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--salient is 0.0; accepted: a number in (0, 1]"), r.err());
        assertEquals(Main.EXIT_USAGE, run("kv", "flashbulb", "--stability", "row", "--out", dir.toString()).code());
        r = run("kv", "flashbulb", "--steps", "300", "--delays", "2,60", "--repeats", "1", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"flashbulb.json", "flashbulb.csv", "flashbulb.png", "flashbulb.svg"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertTrue(r.out().contains("accuracy at R =") && r.out().contains("kv-sequential synapse salient")
                && r.out().contains("kv-random slot ordinary") && r.out().contains("hopfield s=1e+06 salient"), r.out());
    }

    @Test
    void metalearnWritesARuleThatTheOtherCommandsRun() throws Exception {
        Path ml = dir.resolve("ml");
        Run r = run("kv", "metalearn", "-N", "10", "--episodes", "2", "--evaluations", "26", "--population", "13",
                "--repeats", "1", "--out", ml.toString());
        assertEquals(0, r.code(), r.err());
        Path rule = ml.resolve("metalearn.rule");
        assertTrue(Files.readString(rule).startsWith("engram-kv-rule 1\nn=10\n"), Files.readString(rule));
        for (String c : new String[] {"continual", "hetero", "sequence", "flashbulb"}) {
            Path o = dir.resolve(c);
            String[] args = c.equals("flashbulb")
                    ? new String[] {"kv", c, "-N", "10", "--delays", "3", "--steps", "100", "--salient", "0.1",
                        "--repeats", "1", "--rule", rule.toString(), "--out", o.toString()}
                    : c.equals("continual")
                    ? new String[] {"kv", c, "-N", "10", "--delays", "3", "--steps", "50", "--repeats", "1", "--rule",
                        rule.toString(), "--out", o.toString()}
                    : c.equals("hetero")
                    ? new String[] {"kv", c, "-N", "10", "-m", "5", "--items", "5", "--repeats", "1", "--rule",
                        rule.toString(), "--out", o.toString()}
                    : new String[] {"kv", c, "-N", "10", "--lengths", "5", "--repeats", "1", "--rule", rule.toString(),
                        "--out", o.toString()};
            Run x = run(args);
            assertEquals(0, x.code(), c + ": " + x.err());
            assertTrue(x.out().contains("trained"), c + ": " + x.out());
        }
        Run slot = run("kv", "flashbulb", "-N", "10", "--stability", "slot", "--rule", rule.toString(), "--out",
                dir.toString());
        assertEquals(Main.EXIT_USAGE, slot.code());
        assertTrue(slot.err().contains("accepted with a rule: stability synapse or both"), slot.err());
        Run other = run("kv", "continual", "--rule", rule.toString(), "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, other.code());
        assertTrue(other.err().contains("trained at N = 10, this run has N = 40"), other.err());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        Path bad = dir.resolve("bad.rule");
        Files.writeString(bad, Files.readString(rule).replace("n=10", "n=11"));
        Run corrupt = run("kv", "hetero", "-N", "11", "--rule", bad.toString(), "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, corrupt.code());
        assertTrue(corrupt.err().contains("does not match the contents"), corrupt.err());
        assertEquals(1, corrupt.err().strip().lines().count(), corrupt.err());
    }
}
