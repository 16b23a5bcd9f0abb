package dev.engram.experiments.preset;

import dev.engram.api.spi.Registry;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What a preset runs with: the registry (models and strategies), the output folder (created and checked
 * writable), the seed ({@code null} when the user gave none: the preset's default), the data folder ({@code
 * null}: the default), standard output for its table, and how a preset that is a sweep runs its trials (a
 * slice, a cluster; default: every trial in this process).
 */
public record PresetContext(Registry registry, Path out, Long seed, Path dataDir, PrintWriter stdout,
                            dev.engram.experiments.sweep.Sweep.Execution execution) {

    public PresetContext {
        execution = execution == null ? dev.engram.experiments.sweep.Sweep.Execution.LOCAL : execution;
    }

    /** Run in this process. */
    public PresetContext(Registry registry, Path out, Long seed, Path dataDir, PrintWriter stdout) {
        this(registry, out, seed, dataDir, stdout, null);
    }

    /** The user's seed, or {@code fallback}. */
    public long seedOr(long fallback) {
        return seed == null ? fallback : seed;
    }

    /** The data folder as a string for {@link dev.engram.experiments.DataSpec}, or {@code null}. */
    public String dataDirText() {
        return dataDir == null ? null : dataDir.toString();
    }

    /** {@code data} reading from the user's data folder, when one was given. */
    public dev.engram.experiments.DataSpec withDataDir(dev.engram.experiments.DataSpec data) {
        return data.overriddenBy(new dev.engram.experiments.DataSpec(null, null, null, null, null, null, null, null,
                null, null, dataDirText()));
    }
}
