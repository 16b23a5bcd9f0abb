package dev.engram.experiments.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Off a terminal (as in tests), progress is one line per finished step with the time elapsed and left. */
class ProgressTest {
    @Test
    void offATerminalEachStepIsALineWithTheTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = Progress.start("demo", 3, "tasks", new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            assertTrue(p.isQuiet(), "no bar off a terminal");
            p.step("ewc task 1");
            p.step("ewc task 2");
            p.step("ewc task 3");
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("engram: demo: 1/3 tasks, \\d+ s elapsed, about \\d+ s left \\(ewc task 1\\)"),
                lines.get(0));
        assertTrue(lines.get(2).matches("engram: demo: 3/3 tasks, \\d+ s elapsed \\(ewc task 3\\)"), lines.get(2));
        assertEquals("2 min 05 s", Progress.duration(125));
        assertEquals("1 h 01 min", Progress.duration(3660));
    }

    @Test
    void fineGrainedStepsAreThrottled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = Progress.start("kv", 1000, "steps", new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            for (int i = 0; i < 1000; i++) {
                p.step();
            }
        }
        long lines = bytes.toString(StandardCharsets.UTF_8).lines().count();
        assertTrue(lines >= 1 && lines <= 3, lines + " lines for 1000 quick steps");
    }
}
