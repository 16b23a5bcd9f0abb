package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Renders every command's {@code --help} at 80 columns and at a width where nothing wraps: the words must be the
 * same, in the same order (a token broken across lines, "p." + "engram", fails), no line may be longer than 80
 * columns, and no picocli placeholder ({@code <n>}, {@code <repeats>}) may show instead of a label.
 */
class HelpTextTest {
    static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>();
        out.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!out.contains(sub)) {
                out.addAll(all(sub));
            }
        }
        return out;
    }

    static String render(CommandLine c, int width) {
        c.setUsageHelpWidth(width);
        StringWriter w = new StringWriter();
        c.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }

    static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void everyHelpFitsEightyColumnsWithoutBreakingAToken() {
        List<String> problems = new ArrayList<>();
        int commands = 0;
        for (CommandLine c : all(Main.commandLine())) {
            commands++;
            String name = c.getCommandSpec().qualifiedName();
            String narrow = render(c, 80);
            String wide = render(c, 1000);
            List<String> a = words(narrow);
            List<String> b = words(wide);
            if (!a.equals(b)) {
                int i = 0;
                while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
                    i++;
                }
                problems.add(name + ": a token is broken across lines near '"
                        + String.join(" ", a.subList(Math.max(0, i - 3), Math.min(a.size(), i + 3))) + "' (unbroken: '"
                        + String.join(" ", b.subList(Math.max(0, i - 3), Math.min(b.size(), i + 3))) + "')");
            }
            for (String line : narrow.split("\n")) {
                if (line.length() > 80) {
                    problems.add(name + ": a line of " + line.length() + " columns: " + line);
                }
            }
            if (narrow.matches("(?s).*(=|\\[)<[a-z][a-zA-Z0-9]*>.*")) {
                problems.add(name + ": a picocli placeholder instead of a label: " + narrow);
            }
        }
        assertTrue(commands > 15, "found the subcommands: " + commands);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void kvAloneIsUsageAndExitTwoAndKvHelpWorks() {
        CliRunner.Result r = CliRunner.run("kv");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("engram: error: 'engram kv' needs a study: benchmark, capacity")
                && r.err().contains("Usage: engram kv"), r.err());
        r = CliRunner.run("kv", "help", "capacity");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Usage: engram kv capacity"), r.out());
    }

    @Test
    void missingArgumentsSayErrorOnce() {
        CliRunner.Result r = CliRunner.run("recall", "--model-file", "x.engram");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("engram: error: Missing required argument"), r.err());
        assertFalse(r.err().contains("Error:"), r.err());
    }

    @Test
    void theCheckCanFail() {
        // a description wider than 80 columns with a long token is broken by the narrow rendering
        @CommandLine.Command(name = "x", description = {"Example:",
            "  engram store --model dam --model-param mode=stored --patterns p.txt --out p.engram"})
        class X implements Runnable {
            public void run() {
            }
        }
        CommandLine c = new CommandLine(new X());
        assertFalse(words(render(c, 80)).equals(words(render(c, 1000))));
        assertEquals(words(render(c, 1000)), words(render(c, 1000)));
    }
}
