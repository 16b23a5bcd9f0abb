package dev.engram.cli;

import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.LoadProblem;
import dev.engram.api.spi.Provider;
import dev.engram.api.spi.Registry;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram plugins}: the kernel backend, every model and strategy with its parameters, load problems. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the kernel backend, the models and strategies found (built-in and from --plugins),",
            "each with its parameters, and any plugin that failed to load."})
final class PluginsCommand implements Runnable {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--brief", description = "Names only, one per line, without parameters.")
    boolean brief;

    @Override
    public void run() {
        Registry r = main.registry();
        PrintWriter out = spec.commandLine().getOut();
        String kernels;
        try {
            kernels = r.kernelProvider().describe();
        } catch (IllegalStateException e) {
            kernels = "none (" + e.getMessage() + ")";
        }
        out.println("Kernel backend: " + kernels);
        section(out, "Models", r.modelEntries());
        section(out, "Strategies", r.strategyEntries());
        List<LoadProblem> problems = r.problems();
        if (!problems.isEmpty()) {
            out.println();
            out.println("Problems (" + problems.size() + "): these plugin files or providers were not loaded; everything else works");
            for (LoadProblem p : problems) {
                out.println("  " + p);
            }
        }
        out.flush();
    }

    private <P extends Provider> void section(PrintWriter out, String title, List<Registry.Entry<P>> entries) {
        out.println();
        out.println(title + " (" + entries.size() + "):");
        if (entries.isEmpty()) {
            out.println("  (none found)");
        }
        for (Registry.Entry<P> e : entries) {
            P p = e.provider();
            if (brief) {
                out.println("  " + p.name());
                continue;
            }
            out.printf("  %-16s %s  [%s]%n", p.name(), p.description(), e.source());
            for (ParamSpec s : p.parameters()) {
                out.printf("      %-18s %-34s default %-10s %s%n", s.name(), s.accepted(), s.defaultText(), s.help());
            }
        }
    }
}
