package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped with SIGTERM (as a batch system stops a job) marks its results and keeps what it finished. */
class InterruptIT {
    @TempDir
    Path dir;

    @Test
    void aKilledRunSaysInterruptedAndKeepsTheFinishedTasks() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("engram.launcher"), "run", "--model", "dam",
                "--model-param", "mode=trained", "--model-param", "memories=32", "--model-param", "epochs=3000",
                "--strategy", "naive", "--tasks", "6", "--dimension", "64", "--items", "10", "--out", "r")
                .directory(dir.toFile());
        pb.environment().put("ENGRAM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        Path json = dir.resolve("r/results.json");
        long t0 = System.nanoTime();
        while (p.isAlive() && System.nanoTime() - t0 < 120_000_000_000L) {
            if (Files.exists(json) && Json.read(json).path("runs").size() > 0
                    && Json.read(json).path("runs").get(0).path("status").asText().startsWith("partial")) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run ended before it could be stopped: " + Files.readString(dir.resolve("out.txt")));
        p.destroy();                                      // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), "128 + SIGTERM");
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(err.contains("engram: interrupted: results.json is marked \"interrupted\""), err);
        JsonNode r = Json.read(json);
        assertEquals("interrupted", r.path("status").asText());
        assertTrue(r.path("runs").get(0).path("matrix").get(0).get(0).isNumber(), "the first task's results stay");
        try (var s = Files.list(dir.resolve("r"))) {
            List<String> names = s.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.contains("accuracy-naive.png") && names.contains("results.csv"), names + "\n" + err);
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), names.toString());
        }
    }
}
