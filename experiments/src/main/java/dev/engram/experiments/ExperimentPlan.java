package dev.engram.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One experiment: every model × strategy combination learns the same task sequence (made from {@code seed})
 * and is evaluated after every task; results, CSV files and plots go into one folder. What {@code engram run}
 * and {@code engram compare} do.
 * <pre>{@code
 * ExperimentPlan plan = ExperimentPlan.builder()
 *         .model("dam", Map.of("n", 3))
 *         .strategy("rehearsal").strategy("ewc", Map.of("lambda", 1e6))
 *         .data(DataSpec.random(5, 64, 10))
 *         .seed(1).build();
 * List<RunResult> runs = Experiments.run(plan, Output.to(Path.of("out")));
 * }</pre>
 *
 * @param command          {@code run} or {@code compare}: recorded in results.json
 * @param name             titles and the default folder name
 * @param seed             the seed of the task sequence, the models and the strategies (the first of {@code seeds})
 * @param seeds            every seed: each run is repeated on the sequence made from each, and every metric is
 *                         reported with its mean, SD and 95 % interval over them (default: {@code seed} alone)
 * @param data             the task sequence
 * @param models           at least one model
 * @param strategies       at least one strategy ({@code a+b} for a composition)
 * @param options          the corrupted-probe recall measured after the last task
 * @param skipIncompatible when a strategy cannot work with a model: skip that run with a line saying why
 *                         ({@code true}: the strategies were not chosen by the user) or fail ({@code false})
 */
public record ExperimentPlan(String command, String name, long seed, List<Long> seeds, DataSpec data,
                             List<Spec> models, List<Spec> strategies, Runner.Options options,
                             boolean skipIncompatible) implements Plan {

    public ExperimentPlan {
        seeds = seeds == null || seeds.isEmpty() ? List.of(seed) : List.copyOf(seeds);
        if (seeds.stream().distinct().count() < seeds.size()) {
            throw new IllegalArgumentException("seeds " + seeds + " repeat a seed; give each seed once");
        }
        seed = seeds.get(0);
        Objects.requireNonNull(command, "command");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an experiment needs a name");
        }
        // the name becomes the default output folder's name (other characters become '_'): never a hidden folder
        // (".._.._escape" from "../../escape"), never an option-like or multi-line one
        if (name.startsWith(".") || name.startsWith("-") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                || name.length() > 100) {
            throw new IllegalArgumentException("name '" + name.replaceAll("\\p{Cntrl}", "?") + "' cannot name an output "
                    + "folder; accepted: up to 100 characters, not starting with '.' or '-', no control characters "
                    + "(use --out to choose the folder)");
        }
        data = data == null ? DataSpec.defaults() : data;
        models = List.copyOf(models);
        strategies = List.copyOf(strategies);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one model");
        }
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one strategy");
        }
        options = options == null ? Runner.Options.defaults() : options;
    }

    /** This plan repeated over {@code seeds} (null or empty: unchanged). */
    public ExperimentPlan withSeeds(List<Long> seeds) {
        return seeds == null || seeds.isEmpty() ? this
                : new ExperimentPlan(command, name, seeds.get(0), seeds, data, models, strategies, options, skipIncompatible);
    }

    /** A builder with the defaults of {@code engram run}: dam, naive, random tasks, seed 1. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration as recorded in {@code results.json} ({@code config}). */
    public Map<String, Object> record() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("name", name);
        m.put("seed", seed);
        if (seeds.size() > 1) {
            m.put("seeds", seeds);
        }
        m.put("data", data);
        m.put("model", models.stream().map(s -> Map.of("name", s.name(), "params", s.params())).toList());
        m.put("strategy", strategies.stream().map(s -> Map.of("name", s.name(), "params", s.params())).toList());
        m.put("noise", options.noiseLevels());
        m.put("noise-probes", options.maxNoiseProbes());
        return m;
    }

    /** Builds an {@link ExperimentPlan}; unset parts take the defaults of {@code engram run}. */
    public static final class Builder {
        private String command = "run";
        private String name;
        private long seed = 1;
        private List<Long> seeds;
        private DataSpec data = DataSpec.defaults();
        private final List<Spec> models = new ArrayList<>();
        private final List<Spec> strategies = new ArrayList<>();
        private Runner.Options options = Runner.Options.defaults();
        private boolean skipIncompatible;

        private Builder() {
        }

        /** {@code run} (default) or {@code compare}. */
        public Builder command(String command) {
            this.command = command;
            return this;
        }

        /** Default: {@code <models>-<strategies>}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Repeat every run over these seeds (metrics then carry intervals). */
        public Builder seeds(List<Long> seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder data(DataSpec data) {
            this.data = data;
            return this;
        }

        public Builder model(String name) {
            return model(name, Map.of());
        }

        public Builder model(String name, Map<String, ?> params) {
            models.add(new Spec(name, new LinkedHashMap<>(params)));
            return this;
        }

        public Builder strategy(String name) {
            return strategy(name, Map.of());
        }

        public Builder strategy(String name, Map<String, ?> params) {
            strategies.add(new Spec(name, new LinkedHashMap<>(params)));
            return this;
        }

        public Builder options(Runner.Options options) {
            this.options = options;
            return this;
        }

        /** Skip (with a line saying why) a strategy that cannot work with a model instead of failing. */
        public Builder skipIncompatible(boolean skip) {
            this.skipIncompatible = skip;
            return this;
        }

        public ExperimentPlan build() {
            List<Spec> ms = models.isEmpty() ? List.of(Spec.of("dam")) : models;
            List<Spec> ss = strategies.isEmpty() ? List.of(Spec.of("naive")) : strategies;
            return new ExperimentPlan(command, name != null ? name : defaultName(command, ms, ss), seed, seeds, data, ms, ss,
                    options, skipIncompatible);
        }
    }

    /**
     * The default name: {@code run}: model-strategy; {@code compare}: compare-model-strategy; otherwise
     * command-model-strategy; more than three strategies are counted ({@code 8-strategies}).
     */
    public static String defaultName(String command, List<Spec> models, List<Spec> strategies) {
        String m = String.join("+", models.stream().map(Spec::name).distinct().toList());
        String st = strategies.size() > 3 ? strategies.size() + "-strategies"
                : String.join("+", strategies.stream().map(Spec::name).distinct().toList());
        return switch (command) {
            case "run" -> m + "-" + st;
            case "compare" -> "compare-" + m + "-" + st;
            default -> command + "-" + m + "-" + st;
        };
    }
}
