package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: {@code bin/engram} runs in a user and mount namespace ({@code unshare -rm}, no root needed)
 * with its {@code --out} on a 1 MiB tmpfs, partly taken by a filler file so that the disk fills in the middle of a
 * run. The command must end with exit code 1 and one line on stderr (no stack trace), leave no temporary or
 * half-written file, and keep what it finished before the disk filled. Skipped (with the reason) where user
 * namespaces or tmpfs mounts in them are not allowed (some CI machines, containers without the capability).
 */
class FullDiskIT {
    /** 1 MiB: 256 pages of 4 KiB; tmpfs allocates whole pages. */
    private static final String SIZE = "1m";

    /**
     * Mounts a tmpfs of {@value #SIZE} on $1, fills $2 bytes of it, runs the shell commands $3 in it (the launcher is
     * $E), then lists it into $4/listing.txt and copies it (without the filler) to $4: the mount ends with the
     * namespace, so everything is looked at from the copy.
     */
    private static final String SCRIPT = """
            D=$1; F=$2; BODY=$3; C=$4
            mount -t tmpfs -o size=%s tmpfs "$D" || exit 99
            if [ "$F" -gt 0 ]; then head -c "$F" /dev/zero > "$D/.filler"; fi
            cd "$D" || exit 98
            sh -c "$BODY"
            rc=$?
            rm -f "$D/.filler"
            ls -laR "$D" > "$C/listing.txt" 2>&1
            cp -a "$D/." "$C/"
            exit $rc
            """.formatted(SIZE);

    private static String whyNot;

    @TempDir
    Path dir;

    record Result(int exit, String out, String err, Path copy, String listing) {
    }

    @BeforeAll
    static void probe(@TempDir Path probe) throws Exception {
        try {
            Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c",
                    "mount -t tmpfs -o size=" + SIZE + " tmpfs \"$1\" && touch \"$1/x\"", "sh", probe.toString())
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                whyNot = "'unshare -rm' did not finish in 30 s";
            } else if (p.exitValue() != 0) {
                whyNot = "'unshare -rm sh -c \"mount -t tmpfs ...\"' failed (exit " + p.exitValue() + ": " + said
                        + "): user namespaces or tmpfs mounts in them are not allowed here";
            }
        } catch (IOException e) {
            whyNot = "no 'unshare' command here (util-linux): " + e.getMessage();
        }
    }

    private Result onTinyDisk(long fillerBytes, String body) throws Exception {
        assumeTrue(whyNot == null, () -> "a full disk cannot be made here: " + whyNot);
        Path mount = Files.createDirectories(dir.resolve("disk"));
        Path copy = Files.createDirectories(dir.resolve("copy"));
        ProcessBuilder pb = new ProcessBuilder("unshare", "-rm", "sh", "-c", SCRIPT, "sh", mount.toString(),
                Long.toString(fillerBytes), body, copy.toString()).directory(dir.toFile());
        pb.environment().put("E", System.getProperty("engram.launcher"));
        pb.environment().put("ENGRAM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the command on the tiny disk did not finish in 5 minutes");
        }
        assertTrue(p.exitValue() != 99 && p.exitValue() != 98, "the tmpfs could not be mounted: "
                + Files.readString(dir.resolve("err.txt")));
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")),
                copy, Files.readString(copy.resolve("listing.txt")));
    }

    /** The stderr lines that are not the JVM's incubator warning or the progress lines of a run without a terminal. */
    private static List<String> messages(String err) {
        return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .filter(l -> !l.matches("engram: [^ ]+: \\d+/\\d+ tasks.*")).toList();
    }

    private static void oneLineNoStackTrace(Result r, String... contains) {
        List<String> lines = messages(r.err());
        assertEquals(1, lines.size(), "one line on stderr:\n" + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("engram: failed: "), line);
        for (String c : contains) {
            assertTrue(line.contains(c), "'" + c + "' in: " + line);
        }
        assertFalse(line.contains("Exception") || r.err().contains("\tat "), r.err());
    }

    private static void noTemporaryFiles(Result r) throws IOException {
        assertFalse(r.listing().contains(".tmp"), "a temporary file was left:\n" + r.listing());
        try (Stream<Path> s = Files.walk(r.copy())) {
            List<String> tmp = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp);
        }
    }

    @Test
    void aRunWhoseDiskFillsStopsWithOneLineAndKeepsTheFinishedTasks() throws Exception {
        // 20 tasks of the default dam: results.json grows by about 2.7 KB a task, and an atomic rewrite needs room
        // for the old file and the new one; the ~40 KB the filler leaves run out after about 8 tasks
        Result r = onTinyDisk(1_000_000, "\"$E\" run --strategy naive --tasks 20 --seed 1 --out r");
        assertEquals(1, r.exit(), r.err());
        oneLineNoStackTrace(r, "No space left on device", "results.json");
        noTemporaryFiles(r);
        JsonNode json = Json.read(r.copy().resolve("r/results.json"));   // a complete JSON file
        assertEquals("failed", json.path("status").asText(), "marked failed, never 'running' for ever");
        JsonNode matrix = json.path("runs").get(0).path("matrix");
        int done = 0;
        while (done < 20 && matrix.has(done) && matrix.get(done).get(0).isNumber()) {
            done++;
        }
        assertTrue(done >= 1 && done < 20, "tasks finished before the disk filled are kept: " + done + "\n" + r.listing());
        assertTrue(json.path("runs").get(0).path("status").asText().startsWith("partial: " + done + " of 20"),
                json.path("runs").get(0).path("status").asText());
    }

    @Test
    void aDiskThatFillsWhileThePlotsAreDrawnKeepsTheResultsAndWholePlots() throws Exception {
        // the results (27 KB) fit, the plots of two strategies (6 MB with the SVGs and the report) do not
        Result r = onTinyDisk(0, "\"$E\" run --strategy naive,rehearsal --tasks 5 --seed 1 --out r");
        assertEquals(1, r.exit(), r.err());
        oneLineNoStackTrace(r, "No space left on device");
        noTemporaryFiles(r);
        JsonNode json = Json.read(r.copy().resolve("r/results.json"));
        assertEquals("complete", json.path("status").asText(), "both runs finished");
        assertEquals(2, json.path("runs").size());
        List<Path> pngs = new ArrayList<>();
        try (Stream<Path> s = Files.list(r.copy().resolve("r"))) {
            s.filter(f -> f.toString().endsWith(".png")).forEach(pngs::add);
        }
        assertFalse(pngs.isEmpty(), r.listing());
        for (Path png : pngs) {
            assertTrue(javax.imageio.ImageIO.read(png.toFile()) != null, "a whole PNG: " + png);
        }
    }

    @Test
    void aStoreThatDoesNotFitIsExitOneAndLeavesTheOldModelFile() throws Exception {
        Path small = dir.resolve("small.txt");
        Path big = dir.resolve("big.txt");
        Files.writeString(small, patterns(64, 5, 1));
        Files.writeString(big, patterns(600, 5, 2));     // hopfield's 600 x 600 float weights: 1.44 MB
        Result r = onTinyDisk(0, "\"$E\" store --model dam --model-param mode=stored --patterns " + small
                + " --out m.engram > /dev/null 2>&1 || exit 97; cp m.engram first.engram; \"$E\" store --model hopfield --patterns "
                + big + " --out m.engram");
        assertTrue(r.exit() != 97, "the small model could not be stored: " + r.err());
        assertEquals(1, r.exit(), "a full disk is a failure, not bad input:\n" + r.err());
        oneLineNoStackTrace(r, "cannot write 'm.engram'", "No space left on device", "nothing was saved",
                "'m.engram' is as it was");
        noTemporaryFiles(r);
        assertArrayEquals(Files.readAllBytes(r.copy().resolve("first.engram")), Files.readAllBytes(r.copy().resolve("m.engram")),
                "the model file stored before is unchanged");
        CliRunner.Result recall = CliRunner.run("recall", "--model-file", r.copy().resolve("m.engram").toString(),
                "--probe", Files.readAllLines(small).get(0));
        assertEquals(0, recall.exitCode(), recall.err());
    }

    private static String patterns(int n, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < n; j++) {
                sb.append(rng.nextBoolean() ? '+' : '-');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
