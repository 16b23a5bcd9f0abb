package dev.engram.experiments.preset;

import java.io.IOException;

/** A named experiment: what {@code engram run --preset NAME} runs. */
public record Preset(String name, String description, Runner runner) {

    /** What a preset does with its context: run, write its files into {@link PresetContext#out()}, print. */
    @FunctionalInterface
    public interface Runner {
        void run(PresetContext context) throws IOException;
    }

    public Preset {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("preset name '" + name + "' must be lower case letters, digits and '-'");
        }
    }
}
