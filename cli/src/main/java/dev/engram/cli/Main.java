package dev.engram.cli;

import dev.engram.api.Sizes;
import dev.engram.api.learn.TrainingDivergedException;
import dev.engram.api.spi.PluginException;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.Versions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code engram} command. */
@Command(name = "engram",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Associative memories (Hopfield, Dense Associative Memory, modern Hopfield, key-value memory)",
            "and how they learn tasks in sequence.",
            "",
            "Models and strategies are plugins: 'engram plugins' lists what is installed.",
            "Start with 'engram run' (a default sequential-learning comparison, no download)."},
        subcommands = {RunCommand.class, CompareCommand.class, SweepCommand.class, WorkerCommand.class, PresetsCommand.class,
            StoreCommand.class, RecallCommand.class,
            PluginsCommand.class, KvCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure (training diverged, a plugin failed, out of memory, I/O",
            "error), 2 bad input (unknown name, bad parameter, missing file, a size this JVM cannot hold)."})
public final class Main implements Runnable {

    /** Exit code for bad input. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Also load the model and strategy plugins of every jar in DIR (repeatable).")
    List<Path> pluginDirs = new ArrayList<>();

    /** Threads of batched training (models whose {@code threads} parameter is 0 use this); 0 = every core. */
    @Option(names = "--threads", paramLabel = "T", scope = CommandLine.ScopeType.INHERIT,
            description = "Threads for batched training (dam threads=0 uses this; default: every core). Results are "
                    + "the same for any count.")
    void threads(int t) {
        if (t < 1 || t > 1024) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads is " + t
                    + "; accepted: an integer in [1, 1024]");
        }
        System.setProperty("engram.threads", Integer.toString(t));
    }

    private Registry registry;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The registry: the built-ins plus the plugin directories given with --plugins (loaded once). */
    public Registry registry() {
        if (registry == null) {
            try {
                registry = Registry.load(pluginDirs);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
            warnAboutKernels(registry);
        }
        return registry;
    }

    /**
     * One line on stderr when a kernel provider failed its check and another one is used (the problems are listed
     * by {@code engram plugins}); nothing when none works, as the command that needs the kernels says so.
     */
    private void warnAboutKernels(Registry r) {
        dev.engram.api.spi.KernelProvider used;
        try {
            used = r.kernelProvider();
        } catch (IllegalStateException e) {
            return;
        }
        List<dev.engram.api.spi.LoadProblem> passed = r.kernelProblems();
        if (!passed.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("engram: warning: " + String.join("; ", passed.stream().map(Object::toString).toList())
                    + "; using the '" + used.name() + "' kernels instead (" + used.describe() + ")");
            err.flush();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with Engram's error handling: bad input prints one line and exits 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        synopsisWrapsAtSpaces(cl);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
                err.println("engram: error: " + ex.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            OutOfMemoryError oom = outOfMemory(ex);
            if (oom != null) {
                err.println(outOfMemoryLine(oom));
                err.flush();
                return 1;
            }
            java.io.IOException io = ex instanceof java.io.IOException e ? e
                    : ex instanceof java.io.UncheckedIOException u ? u.getCause() : null;
            if (io != null) {
                // a disk that is full or gone, a folder removed under a run: one line; every file written before
                // was written whole (atomically) and stays
                err.println("engram: failed: " + dev.engram.experiments.io.IoErrors.describe(io)
                        + " (the files written before this are complete)");
                err.flush();
                return 1;
            }
            if (ex instanceof TrainingDivergedException || ex instanceof PluginException || ex instanceof Failure
                    || ex instanceof dev.engram.api.learn.StrategyException) {
                err.println("engram: failed: " + ex.getMessage());
                err.flush();
                return 1;
            }
            err.println("engram: failed: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            PrintWriter err = line.getErr();
            String m = String.valueOf(ex.getMessage());
            // picocli words some messages "Error: Missing ..." itself: one "error:" is enough
            if (m.startsWith("Error: ")) {
                m = m.substring("Error: ".length());
            }
            err.println("engram: error: " + m);
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /**
     * Picocli wraps a long synopsis inside its tokens ({@code [--strategy=NAME[,} / {@code NAME...]]...}); this
     * renders it on one line and wraps it only at spaces, the continuation lines under the first option.
     */
    static void synopsisWrapsAtSpaces(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> {
            CommandLine.Model.UsageMessageSpec u = help.commandSpec().usageMessage();
            int width = u.width();
            String one;
            u.width(10_000);
            try {
                one = help.synopsis(help.synopsisHeadingLength()).stripTrailing();
            } finally {
                u.width(width);
            }
            if (one.contains("\n") || one.length() <= width) {
                return one + System.lineSeparator();
            }
            String head = help.commandSpec().qualifiedName() + " ";
            int indent = help.synopsisHeadingLength() + head.length();
            StringBuilder out = new StringBuilder();
            int col = help.synopsisHeadingLength();
            for (String word : one.split(" ")) {
                if (col > indent && col + 1 + word.length() > width) {
                    out.append(System.lineSeparator()).append(" ".repeat(indent));
                    col = indent;
                } else if (!out.isEmpty()) {
                    out.append(' ');
                    col++;
                }
                out.append(word);
                col += word.length();
            }
            return out.append(System.lineSeparator()).toString();
        });
        for (CommandLine sub : cl.getSubcommands().values()) {
            synopsisWrapsAtSpaces(sub);
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemoryLine(e));
            code = 1;
        }
        System.exit(code);
    }

    /** The OutOfMemoryError that {@code t} is or was caused by, or null. */
    static OutOfMemoryError outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError o) {
                return o;
            }
        }
        return null;
    }

    /** One line for an OutOfMemoryError that got past the size checks. */
    static String outOfMemoryLine(OutOfMemoryError e) {
        return "engram: failed: out of memory (" + e.getMessage() + "); this JVM may use "
                + Sizes.bytes(Runtime.getRuntime().maxMemory()) + "; give it more with ENGRAM_JAVA_OPTS=-Xmx...g or "
                + "use a smaller size (what a run finished is kept in its folder)";
    }

    /** The Engram version from the build. */
    public static String version() {
        return Versions.engram();
    }

    /** {@code engram --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "engram " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
