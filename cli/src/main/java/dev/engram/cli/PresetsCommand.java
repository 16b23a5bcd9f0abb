package dev.engram.cli;

import dev.engram.experiments.preset.Preset;
import dev.engram.experiments.preset.Presets;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram presets}: the presets 'engram run --preset NAME' runs. */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = {"List the presets ('engram run --preset NAME'; settings: docs/experiments.md)."})
final class PresetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (Preset p : Presets.all()) {
            out.printf("  %-31s %s%n", p.name(), p.description());
        }
        out.flush();
    }
}
