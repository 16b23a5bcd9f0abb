package dev.engram.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config values are as strict as the flags, and every error is one line naming the key and what is accepted. */
class ExperimentConfigTest {
    @TempDir
    Path dir;

    private String error(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentConfig.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith("config file '" + f + "'"), m);
        assertFalse(m.contains("Source:") || m.contains("REDACTED") || m.contains("java.lang.") || m.contains("\n")
                || m.contains("CoercionConfig") || m.contains("JsonToken"), m);
        return m;
    }

    @Test
    void aFractionForAnIntegerIsRefusedNamingTheValue() throws IOException {
        assertEquals("config file '" + dir.resolve("a.toml") + "': [data] tasks is 3.7; accepted: an integer",
                error("a.toml", "[data]\ntasks = 3.7\n"));
        assertTrue(error("b.json", "{\"data\": {\"tasks\": 3.7}}").contains("[data] tasks is 3.7; accepted: an integer"));
        assertTrue(error("c.toml", "seed = 1.5\n").contains("'seed' is 1.5; accepted: an integer"));
        assertTrue(error("d.toml", "[data]\nitems = 3.0\n").contains("[data] items is 3.0; accepted: an integer"));
        assertTrue(error("d2.toml", "[data]\nitems = \"3\"\n").contains("[data] items is \"3\"; accepted: an integer"));
        assertTrue(error("d3.json", "{\"data\": {\"correlation\": \"0.5\"}}")
                .contains("[data] correlation is \"0.5\"; accepted: a number"));
    }

    @Test
    void wrongTypesSayWhatTheyAreAndWhatIsAccepted() throws IOException {
        assertTrue(error("e.toml", "[data]\ntasks = \"x\"\n").contains("[data] tasks is \"x\"; accepted: an integer"));
        assertTrue(error("f.toml", "data = 3\n").contains("'data' is a number; accepted: a table"));
        assertTrue(error("g.toml", "[[model]]\nname = \"dam\"\nparams = 3\n")
                .contains("[model item 1] params is an integer; accepted: a table"));
        assertTrue(error("h.toml", "noise = [0.1, \"a\"]\n").contains("[noise] item 2 is \"a\"; accepted: a number"));
        assertTrue(error("i.json", "{\"seed\": 1, \"seed\": 2}").contains("Duplicate field 'seed'"));
        error("j.json", "{\"data\": {\"tasks\": 3");
        error("k.toml", "[data\n");
    }

    @Test
    void aPresetWithOtherSectionsIsRefused() throws IOException {
        String m = error("p.toml", "preset = \"demo\"\n[data]\ntasks = 3\n");
        assertTrue(m.contains("preset = \"demo\"") && m.contains("takes only seed, out and [data] dir")
                && m.contains("[data] tasks"), m);
        m = error("q.toml", "preset = \"demo\"\nname = \"x\"\n[[strategy]]\nname = \"ewc\"\n");
        assertTrue(m.contains("name, [strategy]"), m);
        // what a preset does take is still read
        Path ok = dir.resolve("ok.toml");
        Files.writeString(ok, "preset = \"demo\"\nseed = 4\nout = \"o\"\n[data]\ndir = \"d\"\n");
        ExperimentConfig c = ExperimentConfig.read(ok);
        assertEquals("demo", c.preset());
        assertEquals(4L, c.seed());
    }
}
