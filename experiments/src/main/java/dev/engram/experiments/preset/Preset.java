package dev.engram.experiments.preset;

import java.io.IOException;

/**
 * A named experiment: what {@code engram run --preset NAME} runs.
 *
 * @param sweep whether it is a sweep that runs its trials as {@link PresetContext#execution()} says (a slice, a
 *              cluster); the others run in this process only
 */
public record Preset(String name, String description, Runner runner, boolean sweep) {

    /** A preset that runs in this process. */
    public Preset(String name, String description, Runner runner) {
        this(name, description, runner, false);
    }

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
