package dev.engram.cli;

import dev.engram.api.param.Params;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.ExperimentConfig;
import dev.engram.experiments.ExperimentPlan;
import dev.engram.experiments.Output;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code run}, {@code compare} and {@code sweep} share: config file, models, strategies, data, output. */
final class ExperimentOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", order = 1,
            description = "Read the experiment from a TOML or JSON file (docs/experiments.md); flags override it.")
    Path config;

    @Option(names = "--model", paramLabel = "NAME", split = ",", order = 2,
            description = "Model by its registry name (e.g. dam, hopfield); repeat or comma-separate for several.")
    List<String> models = new ArrayList<>();

    @Option(names = "--model-param", paramLabel = "NAME=VALUE", order = 3,
            description = "A model parameter (repeatable), e.g. --model-param n=3; 'engram plugins' lists them.")
    List<String> modelParams = new ArrayList<>();

    @Option(names = "--strategy", paramLabel = "NAME", split = ",", order = 4,
            description = "Strategy by its registry name (e.g. naive, ewc); repeat or comma-separate for several "
                    + "runs; a+b composes strategies in one run (rehearsal+ewc).")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--strategy-param", paramLabel = "NAME=VALUE", order = 5,
            description = "A strategy parameter (repeatable), e.g. --strategy-param lambda=100 (in a composition "
                    + "ewc.lambda=100).")
    List<String> strategyParams = new ArrayList<>();

    @Option(names = "--data", paramLabel = "KIND", order = 6,
            description = "Task sequence: random (default), mnist, fashion-mnist (one task of every class), "
                    + "permuted-mnist, split-mnist, split-fashion-mnist.")
    String dataKind;

    @Option(names = "--tasks", paramLabel = "N", order = 7, description = "Number of tasks (default 5; mnist: 1).")
    Integer tasks;

    @Option(names = "--dimension", paramLabel = "N", order = 8, description = "random: neurons per pattern (default 100).")
    Integer dimension;

    @Option(names = "--items", paramLabel = "N", order = 9, description = "random: patterns per task (default 10).")
    Integer items;

    @Option(names = "--correlation", paramLabel = "R", order = 10,
            description = "random: correlation of each pattern with a shared template, 0..1 (default 0).")
    Double correlation;

    @Option(names = "--probe-noise", paramLabel = "Q", order = 11,
            description = "random: fraction of components flipped in the evaluation probes (default 0.1).")
    Double probeNoise;

    @Option(names = "--scoring", paramLabel = "exact|bits", order = 12,
            description = "random: a probe counts when recalled exactly (exact, default) or by the fraction of right bits.")
    String scoring;

    @Option(names = "--train", paramLabel = "N", order = 13, description = "images: training images per task (default 200; mnist, fashion-mnist: all 60000).")
    Integer train;

    @Option(names = "--test", paramLabel = "N", order = 14, description = "images: test images per task (default 200; mnist, fashion-mnist: all 10000).")
    Integer test;

    @Option(names = "--threshold", paramLabel = "T", order = 15,
            description = "images: a pixel is +1 when its grey value (0..255) is above T (default 0).")
    Integer threshold;

    @Option(names = "--data-dir", paramLabel = "DIR", order = 16,
            description = "Folder holding mnist/ and fashion-mnist/ (default: $ENGRAM_DATA, else ./data), "
                    + "filled by scripts/fetch-data.sh.")
    Path dataDir;

    @Option(names = "--seed", paramLabel = "S", order = 17, description = "Seed of everything random (default 1).")
    Long seed;

    @Option(names = "--noise", paramLabel = "Q", split = ",", order = 18,
            description = "Noise levels of the corrupted-probe recall after the last task (default 0,0.05,0.1,0.2,0.3).")
    List<Double> noise;

    @Option(names = "--noise-probes", paramLabel = "N", order = 19,
            description = "Probes per task for that recall (default 100).")
    Integer noiseProbes;

    @Option(names = "--out", paramLabel = "DIR", order = 20,
            description = "Output folder (default engram-out/<name>-<date-time>).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", order = 21, description = "Experiment name (titles, folder name).")
    String name;

    @Option(names = "--force", order = 22,
            description = "Write into an --out folder that holds another experiment's results (files not rewritten stay).")
    boolean force;

    /**
     * What the config file and the flags say, merged (flags win): the plan, the output folder and the config
     * file read (or {@code null}).
     */
    record Resolved(ExperimentPlan plan, Path out, ExperimentConfig config) {
    }

    ExperimentConfig readConfig() {
        return config == null ? null : ExperimentConfig.read(config);
    }

    /** True when no model, strategy, data flag or config was given. */
    boolean nothingGiven() {
        return config == null && onlyPresetOptions();
    }

    /** True when only the options a preset takes (seed, out, data-dir, config) were given. */
    boolean onlyPresetOptions() {
        return models.isEmpty() && strategies.isEmpty() && modelParams.isEmpty() && strategyParams.isEmpty()
                && dataKind == null && tasks == null && dimension == null && items == null && correlation == null
                && probeNoise == null && scoring == null && train == null && test == null && threshold == null
                && noise == null && noiseProbes == null && name == null;
    }

    /**
     * The plan of {@code command} ({@code run}, {@code compare}, {@code sweep}): the config file with the flags
     * over it; strategies default to {@code defaultStrategies} (and are then skipped where incompatible).
     */
    Resolved resolve(String command, List<String> defaultStrategies) {
        ExperimentConfig c = readConfig();
        long sd = seed != null ? seed : c != null && c.seed() != null ? c.seed() : 1L;
        DataSpec data = c != null && c.data() != null ? c.data() : DataSpec.defaults();
        data = data.overriddenBy(new DataSpec(dataKind, tasks, dimension, items, correlation, probeNoise, scoring, train,
                test, threshold, dataDir == null ? null : dataDir.toString()));

        Map<String, String> mp = Params.parseAssignments(modelParams);
        Map<String, String> sp = Params.parseAssignments(strategyParams);
        List<Spec> ms = specs(models, c == null ? null : c.model(), mp, List.of("dam"));
        List<Spec> ss = specs(strategies, c == null ? null : c.strategy(), sp, defaultStrategies);

        String nm = name != null ? name : c != null && c.name() != null ? c.name()
                : ExperimentPlan.defaultName(command, ms, ss);
        double[] nz;
        if (noise != null) {
            nz = noise.stream().mapToDouble(Double::doubleValue).toArray();
        } else if (c != null && c.noise() != null) {
            nz = c.noise().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            nz = Runner.Options.defaults().noiseLevels();
        }
        int np = noiseProbes != null ? noiseProbes : c != null && c.noiseProbes() != null ? c.noiseProbes()
                : Runner.Options.defaults().maxNoiseProbes();
        Path o = out != null ? out : c != null && c.out() != null ? Path.of(c.out()) : Output.defaultFolder(nm);
        boolean defaulted = strategies.isEmpty() && (c == null || c.strategy() == null || c.strategy().isEmpty());
        ExperimentPlan plan = new ExperimentPlan(command, nm, sd, null, data, ms, ss, new Runner.Options(nz, np), defaulted);
        return new Resolved(plan, o, c);
    }

    private static List<Spec> specs(List<String> names, List<ExperimentConfig.Component> fromConfig,
                                    Map<String, String> params, List<String> defaults) {
        List<Spec> base = new ArrayList<>();
        if (!names.isEmpty()) {
            for (String n : names) {
                Spec fromFile = null;
                if (fromConfig != null) {
                    for (ExperimentConfig.Component comp : fromConfig) {
                        if (n.equals(comp.toSpec().name())) {
                            fromFile = comp.toSpec();
                        }
                    }
                }
                base.add(fromFile != null ? fromFile : Spec.of(n.trim()));
            }
        } else if (fromConfig != null && !fromConfig.isEmpty()) {
            for (ExperimentConfig.Component comp : fromConfig) {
                base.add(comp.toSpec());
            }
        } else {
            for (String n : defaults) {
                base.add(Spec.of(n));
            }
        }
        List<Spec> out = new ArrayList<>();
        for (Spec s : base) {
            out.add(s.with(params));
        }
        return out;
    }
}
