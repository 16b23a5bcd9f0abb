package dev.engram.experiments;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where a plan reports: the folder its files go into (created when the plan starts, after its input was
 * checked) and the console its tables and messages are printed on. The folder is locked while the plan runs
 * ({@link dev.engram.experiments.io.FolderLock}) and must be empty or hold this same experiment
 * ({@link dev.engram.experiments.io.FolderClaim}) unless {@code force} is set.
 *
 * @param force write into a folder that holds another experiment's results (one line says so)
 */
public record Output(Path folder, PrintWriter console, boolean force) {
    public Output {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(console, "console");
    }

    /** Not forced. */
    public Output(Path folder, PrintWriter console) {
        this(folder, console, false);
    }

    /** A copy that writes into a folder of another experiment too. */
    public Output forced(boolean force) {
        return new Output(folder, console, force);
    }

    /** Files into {@code folder}, messages on standard output. */
    public static Output to(Path folder) {
        return new Output(folder, new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true));
    }

    /** Files into the default folder of {@code plan}, messages on standard output. */
    public static Output defaultFor(Plan plan) {
        return to(defaultFolder(plan));
    }

    /**
     * The folder a plan writes into when none is given: {@code engram-out/<name>-<date-time>} for experiments,
     * sweeps and presets, {@code engram-out/kv} for the key-value studies.
     */
    public static Path defaultFolder(Plan plan) {
        return plan instanceof KvPlan ? Path.of("engram-out", "kv") : defaultFolder(plan.name());
    }

    /** {@code engram-out/<name>-<date-time>}, the name made safe for a file name. */
    public static Path defaultFolder(String name) {
        String ts = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("engram-out", name.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + ts);
    }
}
