package dev.engram.experiments.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.data.IdxTestSupport;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.io.Csv;
import dev.engram.experiments.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-task classifier study behind mcalister-mnist, on a tiny MNIST-like set and the test model. */
class ClassifierStudyTest {
    @TempDir
    Path dir;

    DataSpec tinyMnist(int train, int test) throws Exception {
        IdxTestSupport.writeTinyMnist(dir.resolve("data/mnist"), 40);
        return new DataSpec("mnist", null, null, null, null, null, null, train, test, 0, dir.resolve("data").toString());
    }

    @Test
    void everyPointAndSeedIsATrialFileAndASecondStartResumes() throws Exception {
        ClassifierStudy study = new ClassifierStudy("tiny", "test-tiny", Map.of("batch-size", 4), "epochs",
                List.of(Map.of("epochs", 2), Map.of("epochs", 4)), List.of(1L, 2L), 2, tinyMnist(30, 20));
        Registry registry = Registry.load();
        StringWriter console = new StringWriter();
        Path out = dir.resolve("out");
        study.run(registry, out, new PrintWriter(console, true));
        for (String t : List.of("epochs2-seed1", "epochs2-seed2", "epochs4-seed1", "epochs4-seed2")) {
            JsonNode j = Json.read(out.resolve("trials/" + t + ".json"));
            double acc = j.get("test").asDouble();
            assertTrue(acc >= 0 && acc <= 1, t + " test " + acc);
            assertEquals(j.get("epochs").asInt() / 2, j.get("curve").size(), t + ": scored every 2 epochs");
        }
        List<List<String>> summary = Csv.read(out.resolve("summary.csv"));
        assertEquals(3, summary.size(), "header + one row per point");
        assertEquals("2", summary.get(1).get(1), "seeds of the first point");
        assertTrue(Files.size(out.resolve("accuracy.png")) > 0 && Files.size(out.resolve("curves.svg")) > 0);
        assertTrue(console.toString().contains("test accuracy"), console.toString());
        StringWriter again = new StringWriter();
        study.run(registry, out, new PrintWriter(again, true));
        assertTrue(again.toString().contains("Resuming: 4 of 4 trials"), again.toString());
    }

    @Test
    void theMnistKindIsOneTaskOfEveryImage() throws Exception {
        String data = tinyMnist(40, 40).dir();
        TaskSequence seq = new DataSpec("mnist", null, null, null, null, null, null, null, null, 0, data).build(3);
        assertEquals(1, seq.size());
        assertEquals(40, seq.tasks().get(0).items().size(), "all training images by default");
        assertEquals(40, seq.tasks().get(0).probes().size(), "all test images by default");
        assertEquals(26, seq.dimension());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataSpec("mnist", 2, null, null, null, null, null, null, null, 0, data).build(1));
        assertTrue(e.getMessage().contains("one task"), e.getMessage());
    }

    @Test
    void theMnistPresetsAreListedAndSayWhatTheyNeed() {
        List<String> names = Presets.all().stream().map(Preset::name).toList();
        assertTrue(names.containsAll(List.of("mcalister-mnist", "mcalister-permuted-mnist",
                "mcalister-permuted-mnist-small")), names.toString());
        for (Preset p : Presets.all()) {
            if (p.name().startsWith("mcalister")) {
                assertTrue(p.description().contains("MNIST"), p.description());
            }
        }
    }
}
