package dev.engram.experiments;

import java.nio.file.Path;

/**
 * A named experiment with fixed settings ({@link dev.engram.experiments.preset.Presets}); what {@code engram run
 * --preset NAME} does.
 *
 * @param preset  the preset's name ({@code engram presets} lists them)
 * @param seed    the seed, or {@code null} for the preset's own
 * @param dataDir the folder holding the data sets, or {@code null} for the default ({@link DataSpec#dataDir})
 */
public record PresetPlan(String preset, Long seed, Path dataDir) implements Plan {
    public PresetPlan {
        dev.engram.experiments.preset.Presets.get(preset);   // an unknown name fails here, listing the presets
    }

    @Override
    public String name() {
        return preset;
    }
}
