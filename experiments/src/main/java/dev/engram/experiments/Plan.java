package dev.engram.experiments;

/**
 * What an experiment command does, as a value: built by the {@code engram} command from its flags and config
 * file, or by a Java caller, and run by {@link Experiments#run}. Every plan is an immutable record; running the
 * same plan with the same seed gives the same numbers.
 */
public sealed interface Plan permits ExperimentPlan, SweepPlan, PresetPlan, KvPlan {

    /** The name used in titles and in the default output folder. */
    String name();
}
