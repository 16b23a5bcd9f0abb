package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The experiment commands run in-process on the test-only providers (test-tiny, test-noop, test-replay). */
class ExperimentCommandsTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result exec(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static final String[] TINY = {"--model", "test-tiny", "--model-param", "epochs=15", "--dimension", "24",
        "--noise", "0,0.2", "--noise-probes", "3"};

    static String[] args(String[] base, String... more) {
        List<String> l = new ArrayList<>(List.of(base));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    @Test
    void runWritesResultsCsvAndPlots() throws IOException {
        Path out = dir.resolve("run1");
        Result r = exec(args(new String[] {"run"}, args(TINY, "--tasks", "3", "--items", "3", "--strategy", "test-noop", "--out", out.toString())));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ACC") && r.out().contains("test-noop"), r.out());
        JsonNode j = Json.read(out.resolve("results.json"));
        assertEquals("complete", j.get("status").asText());
        assertEquals(1, j.get("runs").size());
        JsonNode run = j.get("runs").get(0);
        assertEquals("test-tiny", run.get("model").asText());
        assertEquals(15, run.get("model-params").get("epochs").asInt());
        assertEquals(3, run.get("matrix").size());
        for (JsonNode row : run.get("matrix")) {
            assertEquals(3, row.size());
            for (JsonNode v : row) {
                assertTrue(v.asDouble() >= 0 && v.asDouble() <= 1);
            }
        }
        assertTrue(run.get("metrics").get("acc").isNumber());
        assertTrue(run.get("metrics").get("bwt").isNumber());
        assertTrue(run.get("metrics").get("fwt").isNumber());
        assertEquals(2, run.get("noise-recall").size());
        assertTrue(j.get("versions").get("java").asText().length() > 0);
        assertEquals(1, j.get("seed").asLong());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(2, csv.size());
        assertTrue(csv.get(0).startsWith("label,model,strategy,seed,acc,bwt,fwt,forgetting"));
        assertEquals(1 + 3 * 3 + 3, Files.readAllLines(out.resolve("matrix.csv")).size());
        for (String f : List.of("accuracy-test-noop", "heatmap-test-noop", "compare-metrics", "compare-average", "recall-noise")) {
            assertTrue(Files.size(out.resolve(f + ".png")) > 1000, f);
            assertTrue(Files.readString(out.resolve(f + ".svg")).contains("<svg"), f);
        }
    }

    @Test
    void sameSeedSameNumbers() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, exec(args(new String[] {"run"}, args(TINY, "--strategy", "test-noop", "--seed", "4", "--out", a.toString()))).code());
        assertEquals(0, exec(args(new String[] {"run"}, args(TINY, "--strategy", "test-noop", "--seed", "4", "--out", b.toString()))).code());
        assertEquals(Json.read(a.resolve("results.json")).get("runs").get(0).get("matrix"),
                Json.read(b.resolve("results.json")).get("runs").get(0).get("matrix"));
    }

    @Test
    void compareRunsEveryStrategyOnTheSameTasksAndReplayForgetsLess() throws IOException {
        Path out = dir.resolve("cmp");
        Result r = exec(args(new String[] {"compare"}, args(TINY, "--strategy", "test-noop,test-replay",
                "--tasks", "4", "--items", "4", "--out", out.toString())));
        assertEquals(0, r.code(), r.err());
        JsonNode runs = Json.read(out.resolve("results.json")).get("runs");
        assertEquals(2, runs.size());
        assertEquals("test-noop", runs.get(0).get("label").asText());
        assertEquals("test-replay", runs.get(1).get("label").asText());
        double noopBwt = runs.get(0).get("metrics").get("bwt").asDouble();
        double replayBwt = runs.get(1).get("metrics").get("bwt").asDouble();
        assertTrue(noopBwt < 0, "the naive tiny model forgets: BWT " + noopBwt);
        assertTrue(replayBwt > noopBwt, "replay forgets less: " + replayBwt + " vs " + noopBwt);
        assertTrue(Files.exists(out.resolve("heatmap-test-replay.svg")));
    }

    @Test
    void tomlConfigWithFlagOverride() throws IOException {
        Path cfg = dir.resolve("exp.toml");
        Files.writeString(cfg, """
                name = "from-toml"
                seed = 3
                noise = [0.0, 0.1]
                noise-probes = 2

                [data]
                kind = "random"
                tasks = 2
                dimension = 16
                items = 2
                probe-noise = 0.05
                scoring = "bits"

                [model]
                name = "test-tiny"
                params = { epochs = 5, learning-rate = 0.1 }

                [[strategy]]
                name = "test-noop"
                params = { weight = 2.0 }
                """);
        Path out = dir.resolve("toml");
        Result r = exec("run", "--config", cfg.toString(), "--seed", "9", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(out.resolve("results.json"));
        assertEquals("from-toml", j.get("name").asText());
        assertEquals(9, j.get("seed").asLong());
        assertEquals(2, j.get("runs").get(0).get("matrix").size());
        assertEquals(0.1, j.get("runs").get(0).get("model-params").get("learning-rate").asDouble());
        assertEquals(2.0, j.get("runs").get(0).get("strategy-params").get("weight").asDouble());
        assertEquals(0.05, j.get("sequence").get("probe-noise").asDouble());
    }

    @Test
    void jsonConfigAndABuiltInStorageModel() throws IOException {
        Path cfg = dir.resolve("exp.json");
        Files.writeString(cfg, """
                {"name": "hebbian", "seed": 2, "noise": [0.0],
                 "data": {"tasks": 3, "dimension": 64, "items": 2, "probe-noise": 0.05},
                 "model": {"name": "hopfield"},
                 "strategy": [{"name": "naive"}]}
                """);
        Path out = dir.resolve("json");
        Result r = exec("run", "--config", cfg.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode run = Json.read(out.resolve("results.json")).get("runs").get(0);
        assertEquals("hopfield", run.get("model").asText());
        // 2 to 6 random patterns in 64 neurons are well under the Hebbian capacity: everything is recalled
        assertEquals(1.0, run.get("metrics").get("acc").asDouble(), 0.2);
    }

    @Test
    void permutedAndSplitImageTasksFromIdxFiles() throws IOException {
        dev.engram.experiments.data.IdxTestSupport.writeTinyMnist(dir.resolve("data/mnist"), 40);
        for (String kind : List.of("permuted-mnist", "split-mnist")) {
            Path out = dir.resolve(kind);
            Result r = exec("run", "--model", "test-tiny", "--model-param", "epochs=5", "--strategy", "test-noop",
                    "--data", kind, "--tasks", "2", "--train", "8", "--test", "6", "--data-dir",
                    dir.resolve("data").toString(), "--noise", "0,0.25", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode j = Json.read(out.resolve("results.json"));
            assertEquals(kind, j.get("sequence").get("kind").asText());
            assertEquals(26, j.get("sequence").get("dimension").asInt());
            assertEquals(2, j.get("runs").get(0).get("matrix").size());
        }
    }

    @Test
    void trainingThatDivergesIsExitOneWithOneLineAndNeverComplete() throws IOException {
        Path out = dir.resolve("diverged");
        // degree 40 at T = 0.1: the powers overflow float and the loss turns NaN within a few epochs
        Result r = exec("run", "--model", "dam", "--model-param", "n=40", "--model-param", "temperature=0.1",
                "--model-param", "interaction=leaky", "--model-param", "epochs=40", "--dimension", "100", "--items", "10",
                "--tasks", "2", "--strategy", "naive", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("training diverged in task 1") && r.err().contains("epoch")
                && r.err().contains("n=40"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("engram:")).count(), r.err());
        JsonNode j = Json.read(out.resolve("results.json"));
        assertEquals("failed", j.get("status").asText());
        assertTrue(j.get("error").asText().contains("diverged"));
    }

    @Test
    void aStoredMemoryThatComputesNaNIsExitOneAndNeverComplete() throws IOException {
        Path out = dir.resolve("nan");
        Result r = exec("run", "--model", "dam", "--model-param", "mode=stored", "--model-param", "temperature=1e-20",
                "--tasks", "2", "--strategy", "naive", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("diverged in task 1") && r.err().contains("energy of item 1 is NaN")
                && r.err().contains("temperature=1.0E-20"), r.err());
        JsonNode j = Json.read(out.resolve("results.json"));
        assertEquals("failed", j.get("status").asText());
    }

    /** A plugins folder with the strategy whose chosen hook throws ({@code ThrowingStrategyProvider}). */
    private Path throwingStrategyPlugin() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (var os = Files.newOutputStream(plugins.resolve("throwing.jar")); var jos = new java.util.jar.JarOutputStream(os)) {
            jos.putNextEntry(new java.util.jar.JarEntry("META-INF/services/" + dev.engram.api.spi.StrategyProvider.class.getName()));
            jos.write((dev.engram.cli.testplugins.ThrowingStrategyProvider.class.getName() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        return plugins;
    }

    @Test
    void aStrategyHookThatThrowsIsExitOneNamingItAndKeepsTheFinishedTasks() throws IOException {
        Path plugins = throwingStrategyPlugin();
        String cls = dev.engram.cli.testplugins.ThrowingStrategyProvider.Throwing.class.getName();
        for (String hook : List.of("beforeTask", "augmentBatch", "addPenalty", "adjustGradient", "adjustUpdate",
                "afterStep", "afterTask")) {
            for (String strategy : List.of("throwing", "test-replay+throwing")) {
                Path out = dir.resolve(hook + "-" + strategy);
                String prefix = strategy.contains("+") ? "throwing." : "";
                Result r = exec(args(new String[] {"--plugins", plugins.toString(), "run"}, args(TINY, "--tasks", "3",
                        "--items", "3", "--strategy", strategy, "--strategy-param", prefix + "hook=" + hook,
                        "--seed", "1", "--out", out.toString())));
                String what = hook + " in " + strategy + ": " + r.err();
                assertEquals(1, r.code(), what);
                assertEquals(1, r.err().lines().count(), "one line: " + what);
                assertTrue(r.err().matches("engram: failed: strategy 'throwing' \\(" + java.util.regex.Pattern.quote(cls)
                        + "\\) failed in its " + hook + " hook in task 2 \\('[^']+'\\), epoch \\d+ of 15: "
                        + "java.lang.IllegalStateException: thrown by " + hook + " on purpose\n"), what);
                JsonNode j = Json.read(out.resolve("results.json"));
                assertEquals("failed", j.get("status").asText(), what);
                assertTrue(j.get("error").asText().contains("failed in its " + hook + " hook"), what);
                JsonNode run = j.get("runs").get(0);
                assertEquals("partial: 1 of 3 tasks", run.get("status").asText(), what);
                assertTrue(run.get("matrix").get(0).get(0).isNumber(), "task 1's results stay: " + what);
            }
        }
        // a storage model has the hooks around storing
        Path out = dir.resolve("stored");
        Result r = exec("--plugins", plugins.toString(), "run", "--model", "hopfield", "--dimension", "32", "--items", "3",
                "--tasks", "3", "--strategy", "throwing", "--strategy-param", "hook=beforeTask", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("engram: failed: strategy 'throwing' (" + cls + ") failed in its beforeTask hook in "
                + "task 2 ("), r.err());
        assertEquals("failed", Json.read(out.resolve("results.json")).get("status").asText());
    }

    @Test
    void compareNamesTheStrategiesThatRunNotThoseInstalled() throws IOException {
        Path out = dir.resolve("cmp");
        Result r = exec("compare", "--model", "hopfield", "--tasks", "2", "--items", "4", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // the test class path adds plugin strategies; whatever is installed, the name counts what runs
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("compare 'compare-hopfield-(\\d+)-strategies' \\((\\d+) runs")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(m.group(1), m.group(2), r.out());
        assertTrue(r.out().contains("engram: skipping ewc: "), r.out());
        JsonNode j = Json.read(out.resolve("results.json"));
        assertEquals(Integer.parseInt(m.group(2)), j.get("runs").size());
    }

    @Test
    void aNameThatIsAPathIsRefused() {
        for (String name : List.of("../../escape", ".hidden", "..")) {
            Result r = exec("run", "--name", name, "--tasks", "1", "--strategy", "naive");
            assertEquals(2, r.code(), name + ": " + r.out() + r.err());
            assertTrue(r.err().contains("name '" + name + "' cannot name an output folder")
                    && r.err().contains("use --out"), r.err());
        }
    }

    @Test
    void threadsOutOfRangeIsExitTwo() {
        Result r = exec("run", "--threads", "0", "--out", dir.resolve("t").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--threads is 0") && r.err().contains("[1, 1024]"), r.err());
    }

    @Test
    void compareSkipsStrategiesAStorageModelCannotUseUnlessAsked() {
        Result all = exec("compare", "--model", "hopfield", "--dimension", "32", "--items", "2", "--tasks", "2",
                "--noise", "0", "--out", dir.resolve("hop").toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("skipping ewc"), all.out());
        Result asked = exec("run", "--model", "hopfield", "--strategy", "ewc", "--dimension", "32", "--items", "2",
                "--tasks", "2", "--out", dir.resolve("hop2").toString());
        assertEquals(2, asked.code());
        assertTrue(asked.err().contains("cannot work with model 'hopfield'"), asked.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path cfg = dir.resolve("bad.toml");
        Files.writeString(cfg, "[data]\nkind = \"random\"\ntaskz = 3\n");
        Result unknownKey = exec("run", "--config", cfg.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, unknownKey.code());
        assertTrue(unknownKey.err().contains("unknown key 'taskz'") && unknownKey.err().contains("tasks"), unknownKey.err());
        assertEquals(1, unknownKey.err().strip().lines().count(), unknownKey.err());

        Result range = exec(args(new String[] {"run"}, args(TINY, "--model-param", "learning-rate=-1", "--strategy",
                "test-noop", "--out", dir.resolve("y").toString())));
        assertEquals(2, range.code());
        assertTrue(range.err().contains("learning-rate"), range.err());

        Result unknownModel = exec("run", "--model", "nope", "--strategy", "test-noop", "--out", dir.resolve("z").toString());
        assertEquals(2, unknownModel.code());
        assertTrue(unknownModel.err().contains("unknown model 'nope'"), unknownModel.err());

        Result missing = exec("run", "--model", "test-tiny", "--strategy", "test-noop", "--data", "permuted-mnist",
                "--data-dir", dir.resolve("nodata").toString(), "--out", dir.resolve("w").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("scripts/fetch-data.sh mnist"), missing.err());

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Result unwritable = exec(args(new String[] {"run"}, args(TINY, "--strategy", "test-noop", "--out",
                file.resolve("out").toString())));
        assertEquals(2, unwritable.code());
        assertTrue(unwritable.err().contains("cannot be written"), unwritable.err());

        Result preset = exec("run", "--preset", "no-such-preset");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("accepted: demo"), preset.err());

        Result presetFlags = exec("run", "--preset", "demo", "--tasks", "3");
        assertEquals(2, presetFlags.code());
    }

    @Test
    void interruptedRunKeepsFinishedTasks() throws IOException {
        Path out = dir.resolve("crash");
        Result r = exec(args(new String[] {"run"}, args(TINY, "--tasks", "4", "--strategy", "test-fail",
                "--strategy-param", "fail-at=2", "--out", out.toString())));
        assertEquals(1, r.code());
        JsonNode j = Json.read(out.resolve("results.json"));
        assertEquals("failed", j.get("status").asText(), "a run that fails is marked so, with the reason");
        assertTrue(j.get("error").asText().length() > 0);
        JsonNode run = j.get("runs").get(0);
        assertTrue(run.get("status").asText().startsWith("partial: 2 of 4"), run.get("status").asText());
        assertTrue(run.get("matrix").get(1).get(0).isNumber());
        assertTrue(run.get("matrix").get(2).get(0).isNull());
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void sweepAppendsOneLinePerTrialAndResumes() throws IOException {
        Path out = dir.resolve("sweep");
        String[] base = args(new String[] {"sweep"}, args(TINY, "--tasks", "2", "--strategy", "test-noop",
                "--model-grid", "learning-rate=0.01,0.1", "--out", out.toString()));
        Result first = exec(args(base, "--seeds", "1"));
        assertEquals(0, first.code(), first.err());
        assertEquals(2, Files.readAllLines(out.resolve("trials.jsonl")).size());
        Result again = exec(args(base, "--seeds", "1,2"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("Resuming: 2 of 4"), again.out());
        List<String> lines = Files.readAllLines(out.resolve("trials.jsonl"));
        assertEquals(4, lines.size());
        assertEquals(4, lines.stream().distinct().count());
        assertTrue(Files.exists(out.resolve("sweep-acc.png")) && Files.exists(out.resolve("sweep-acc.svg")));
        assertEquals(3, Files.readAllLines(out.resolve("sweep.csv")).size());

        Path csvOut = dir.resolve("sweep-csv");
        Result csv = exec(args(new String[] {"sweep"}, args(TINY, "--tasks", "2", "--strategy", "test-noop",
                "--strategy-grid", "weight=1,2", "--format", "csv", "--out", csvOut.toString())));
        assertEquals(0, csv.code(), csv.err());
        assertEquals(3, Files.readAllLines(csvOut.resolve("trials.csv")).size());
    }

    @Test
    void aSweepOfAnotherConfigurationIsRefusedAndSlicesMerge() throws IOException {
        Path out = dir.resolve("sw");
        String[] base = args(TINY, "--tasks", "2", "--strategy", "test-noop", "--model-grid",
                "learning-rate=0.01,0.1", "--seeds", "1,2", "--out", out.toString());
        assertEquals(0, exec(args(new String[] {"sweep"}, base)).code());
        // the issue's reproduction: the same sweep at another dimension used to "resume" with the old results
        String[] at30 = base.clone();
        at30[java.util.Arrays.asList(at30).indexOf("--dimension") + 1] = "30";
        Result other = exec(args(new String[] {"sweep"}, at30));
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("data.dimension: 24 vs 30") && other.err().contains("--force"), other.err());
        // slices, then merge
        Path sliced = dir.resolve("sliced");
        String[] s = args(TINY, "--tasks", "2", "--strategy", "test-noop", "--model-grid", "learning-rate=0.01,0.1",
                "--seeds", "1,2", "--out", sliced.toString());
        assertEquals(0, exec(args(new String[] {"sweep"}, args(s, "--shard", "0/2"))).code());
        Result half = exec("sweep", "merge", sliced.toString());
        assertEquals(0, half.code(), half.err());
        assertTrue(half.out().contains("Merged 2 records of 4"), half.out());
        assertEquals(0, exec(args(new String[] {"sweep"}, args(s, "--shard", "1/2"))).code());
        Result all = exec("sweep", "merge", sliced.toString());
        assertTrue(all.out().contains("Merged 4 records of 4"), all.out());
        assertEquals(Files.readString(out.resolve("sweep.csv")), Files.readString(sliced.resolve("sweep.csv")));
        for (String bad : new String[] {"3/2", "0/0", "x"}) {
            Result r = exec(args(new String[] {"sweep"}, args(s, "--shard", bad)));
            assertEquals(2, r.code(), bad);
            assertTrue(r.err().contains("shard"), r.err());
        }
        Result notSweep = exec("sweep", "merge", dir.toString());
        assertEquals(2, notSweep.code());
        assertTrue(notSweep.err().contains("not a sweep folder"), notSweep.err());
        // a run into the sweep's folder is refused; with --force it runs
        Result run = exec(args(new String[] {"run"}, args(TINY, "--tasks", "2", "--strategy", "test-noop", "--out",
                out.toString())));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("holds the results of sweep"), run.err());
        Result forced = exec(args(new String[] {"run"}, args(TINY, "--tasks", "2", "--strategy", "test-noop", "--out",
                out.toString(), "--force")));
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("--force: writing into"), forced.out());
        assertEquals(2, exec(args(new String[] {"run"}, args(TINY, "--shard", "0/2"))).code());
    }

    @Test
    void seedsAreCheckedAndGiveIntervals() throws IOException {
        Path out = dir.resolve("seeds");
        Result r = exec(args(new String[] {"compare"}, args(TINY, "--tasks", "2", "--strategy", "test-noop,test-replay",
                "--seeds", "1,2,3", "--out", out.toString())));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("±") && r.out().contains("95% t-interval"), r.out());
        assertTrue(Files.exists(out.resolve("report.html")) && Files.exists(out.resolve("summary.csv")));
        for (String cmd : new String[] {"run", "compare", "sweep"}) {
            Result dup = exec(args(new String[] {cmd}, args(TINY, "--seeds", "1,2,1", "--out", dir.resolve("d" + cmd)
                    .toString())));
            assertEquals(2, dup.code(), cmd + ": " + dup.err());
            assertTrue(dup.err().contains("repeat a seed"), dup.err());
            assertFalse(Files.exists(dir.resolve("d" + cmd)), "bad input creates no folder");
            Result bad = exec(args(new String[] {cmd}, args(TINY, "--seeds", "1,x", "--out", dir.resolve("x").toString())));
            assertEquals(2, bad.code());
            assertTrue(bad.err().contains("'x'"), bad.err());
        }
        assertEquals(2, exec("run", "--preset", "demo", "--seeds", "1,2").code());
    }

    @Test
    void presetsAreARegistryAndGetSeedOutAndDataDir() throws IOException {
        Path out = dir.resolve("preset-out");
        long[] seen = new long[1];
        dev.engram.experiments.preset.Presets.add(new dev.engram.experiments.preset.Preset("test-preset",
                "test only", ctx -> {
                    seen[0] = ctx.seedOr(99);
                    Files.writeString(ctx.out().resolve("marker.txt"), String.valueOf(ctx.dataDir()));
                }));
        Result r = exec("run", "--preset", "test-preset", "--seed", "5", "--out", out.toString(), "--data-dir", "dd");
        assertEquals(0, r.code(), r.err());
        assertEquals(5, seen[0]);
        assertEquals("dd", Files.readString(out.resolve("marker.txt")));
        assertTrue(exec("presets").out().contains("test-preset"));

        Result missing = exec("run", "--preset", "mcalister-permuted-mnist", "--data-dir",
                dir.resolve("empty").toString(), "--out", dir.resolve("m").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("scripts/fetch-data.sh mnist"), missing.err());
    }

    @Test
    void helpNamesTheFlagsAndPresetsAreListed() {
        Result h = exec("run", "--help");
        for (String f : List.of("--model-param", "--strategy-param", "--preset", "--config", "--data-dir", "--noise")) {
            assertTrue(h.out().contains(f), f);
        }
        Result p = exec("presets");
        assertTrue(p.out().contains("demo") && p.out().contains("mcalister-permuted-mnist"), p.out());
    }

    /**
     * Every command's help renders without picocli's format warnings (a bare '%' in a description: picocli then
     * prints "[picocli WARN] Could not format ..." on the process's stderr, three times per help).
     */
    @Test
    void everyHelpRendersWithoutFormatWarnings() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        List<String> seen = new ArrayList<>();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(Main.commandLine()));
            while (!todo.isEmpty()) {
                CommandLine c = todo.pop();
                seen.add(c.getCommandName());
                c.getUsageMessage();
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(seen.size() > 5 && seen.contains("run"), "commands: " + seen);
        assertFalse(err.contains("picocli WARN"), err);
    }
}
