package dev.engram.cli;

import dev.engram.experiments.Experiments;
import dev.engram.experiments.KvPlan;
import dev.engram.experiments.Output;
import dev.engram.experiments.kv.KvExperiments;
import dev.engram.experiments.kv.KvStudies;
import dev.engram.experiments.kv.MetaLearning;
import dev.engram.experiments.kv.RuleFile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code engram kv}: the experiments of Tyulmankov et al. 2021 on key-value memories. */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = {"Key-value memory experiments (Tyulmankov et al. 2021).",
            "",
            "Each subcommand writes NAME.json, NAME.csv and a plot NAME.png + NAME.svg",
            "into --out. Models: kv (sequential or random slots), bam, and the hopfield",
            "baseline when installed. Queries are the stored items with 60%% of their",
            "components set to 0; accuracy is the fraction of correct bits of",
            "sign(output), sign(0) counting wrong."},
        subcommands = {KvCommand.Benchmark.class, KvCommand.Capacity.class, KvCommand.Continual.class,
            KvCommand.Correlated.class, KvCommand.Hetero.class, KvCommand.Sequence.class, KvCommand.Flashbulb.class, KvCommand.Metalearn.class,
            KvCommand.OptimisedCapacity.class,
            CommandLine.HelpCommand.class})
public final class KvCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code engram kv} alone: the usage on standard error and exit 2, as for any missing argument. */
    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        err.println("engram: error: 'engram kv' needs a study: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
        spec.commandLine().usage(err);
        err.flush();
        return Main.EXIT_USAGE;
    }

    /** Options every kv experiment has. */
    static final class Common {
        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of all randomness (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", defaultValue = "engram-out/kv", paramLabel = "DIR",
                description = "Output folder (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--repeats", paramLabel = "R", defaultValue = "10",
                description = "Independent runs per point (default ${DEFAULT-VALUE}; the paper used 50 for capacity).")
        int repeats;

        void check() {
            if (repeats < 1) {
                throw new UserError("--repeats is " + repeats + "; accepted: an integer >= 1");
            }
        }
    }

    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        KvCommand parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Common common;

        static int positive(String name, int v) {
            if (v < 1) {
                throw new UserError(name + " is " + v + "; accepted: an integer >= 1");
            }
            return v;
        }

        /** The random-slot probability of {@code --p}: null = the default ({@code 4/N}, returned as 0). */
        static double probability(Double p) {
            if (p == null) {
                return 0;
            }
            if (!(p > 0 && p <= 1)) {
                throw new UserError("--p is " + p + "; accepted: a number in (0, 1]");
            }
            return p;
        }

        /** The rule of {@code --rule FILE} (null: none), checked against the run's N. */
        static RuleFile.Rule rule(Path file, int n) {
            if (file == null) {
                return null;
            }
            try {
                return RuleFile.load(file, n);
            } catch (IOException e) {
                throw new UserError("--rule: " + e.getMessage(), e);
            }
        }

        static int[] positives(String name, int[] vs) {
            for (int v : vs) {
                positive(name, v);
            }
            return vs;
        }

        @Override
        public Integer call() throws IOException {
            common.check();
            Experiments.run(parent.main.registry(), plan(), new Output(common.out, spec.commandLine().getOut()));
            return 0;
        }

        /** The study this subcommand runs, from its options. */
        abstract KvPlan plan();
    }

    @Command(name = "benchmark", mixinStandardHelpOptions = true,
            description = {"Autoassociative recall accuracy against the number of stored items T.",
                "",
                "T random items (d = N) are stored with q = 1, then each is queried 60%%",
                "masked. Models: kv-sequential, kv-random (p = --p, default 4/N), hopfield."})
    static final class Benchmark extends Sub {
        @Option(names = "--p", paramLabel = "P",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default 4/N).")
        Double p;

        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--items", paramLabel = "T", split = ",", defaultValue = "10,20,30,40,50,60,80,100,140,180",
                description = "Numbers of stored items (default ${DEFAULT-VALUE}).")
        int[] ts;

        @Override
        KvPlan plan() {
            return new KvPlan.Benchmark(positive("-N", n), positives("--items", ts), probability(p), common.repeats,
                    common.seed);
        }
    }

    @Command(name = "capacity", mixinStandardHelpOptions = true,
            description = {"Capacity at accuracy theta for each N, with a linear fit.",
                "",
                "Capacity = the largest T with accuracy >= theta. --search authors (default,",
                "bio-kvm's get_capacity): lo = 1, hi = 2; measure T = hi (mean of 3 episodes,",
                "fresh items); a pass sets lo = hi and doubles hi, a failure sets",
                "hi = (lo + hi) / 2; never reports less than 1. --search strict (Engram's",
                "first): double from T = 1 until the first failure, then bisect; can report 0.",
                "Models: kv-sequential, kv-random (--p, default 0.1), hopfield (Hebbian,",
                "diagonal kept, synchronous recall to a fixed point). The plot draws the",
                "fitted lines and fit +- SD; the fits are printed as a table.",
                "Paper: hopfield ~0.14 N, kv-sequential ~1.0 N, kv-random p=0.1 ~0.16 N."})
    static final class Capacity extends Sub {
        @Option(names = "--p", paramLabel = "P", defaultValue = "0.1",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default ${DEFAULT-VALUE}, the paper's).")
        double p;

        @Option(names = "--search", paramLabel = "SEARCH", defaultValue = "authors",
                description = "authors or strict (default ${DEFAULT-VALUE}).")
        String search;

        @Option(names = "--sizes", paramLabel = "N", split = ",", defaultValue = "20,40,80,160", description = "Sizes (default ${DEFAULT-VALUE}).")
        int[] ns;

        @Option(names = "--theta", paramLabel = "THETA", defaultValue = "0.98", description = "Accuracy threshold (default ${DEFAULT-VALUE}).")
        double theta;

        @Override
        KvPlan plan() {
            if (!(theta > 0 && theta <= 1)) {
                throw new UserError("--theta is " + theta + "; accepted: a number in (0, 1]");
            }
            KvExperiments.Search how = switch (search) {
                case "authors" -> KvExperiments.Search.AUTHORS;
                case "strict" -> KvExperiments.Search.STRICT;
                default -> throw new UserError("--search is '" + search + "'; accepted: authors, strict");
            };
            return new KvPlan.Capacity(positives("--sizes", ns), theta, probability(p), how, common.repeats, common.seed);
        }
    }

    @Command(name = "continual", mixinStandardHelpOptions = true,
            description = {"Continual recall accuracy against the delay R.",
                "",
                "At each step, if the item presented exactly R steps earlier was new it is",
                "queried (60%% masked, q = 0) with probability 1/2, otherwise a new item is",
                "presented; the slot pointer advances every step.",
                "--store queried (default, the authors' datasets/recall.py): q = 1 only for",
                "the items that will be queried, the others have q = 0; 1.5 x max(steps, 20 R)",
                "steps; the hopfield baseline (decay 0.95) decays on every step, queries",
                "included (models/hopfield.py). --store all (Engram's first variant): every",
                "new item stored (q = 1); max(steps, 20 R) steps; hopfield decays on stores.",
                "Models: kv-sequential, kv-random (--p, default 4/N), hopfield.",
                "kv-sequential shows steps of width N."})
    static final class Continual extends Sub {
        @Option(names = "--rule", paramLabel = "FILE",
                description = "Add a 'trained' line: the general rule in FILE (metalearn.rule, written by kv metalearn).")
        Path rule;

        @Option(names = "--p", paramLabel = "P",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default 4/N).")
        Double p;

        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--delays", paramLabel = "R", split = ",", defaultValue = "5,10,20,30,39,40,41,50,60,79,80,81,100,120,160",
                description = "Delays (default ${DEFAULT-VALUE}).")
        int[] rs;

        @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "1000", description = "Minimum store-phase steps per run (default ${DEFAULT-VALUE}; at most 10,000,000).")
        int steps;

        @Option(names = "--store", paramLabel = "WHICH", defaultValue = "queried",
                description = "queried or all (default ${DEFAULT-VALUE}).")
        String store;

        @Override
        KvPlan plan() {
            KvExperiments.Store which = switch (store) {
                case "queried" -> KvExperiments.Store.QUERIED;
                case "all" -> KvExperiments.Store.ALL;
                default -> throw new UserError("--store is '" + store + "'; accepted: queried, all");
            };
            try {
                return new KvPlan.Continual(positive("-N", n), positives("--delays", rs), positive("--steps", steps),
                        probability(p), which, rule(rule, n), common.repeats, common.seed);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "correlated", mixinStandardHelpOptions = true,
            description = {"Recall of correlated items against T, for each correlation rho.",
                "",
                "Every item is one random template with each component redrawn with",
                "probability 1 - rho. Models: kv-sequential, kv-random (--p, default 4/N),",
                "hopfield."})
    static final class Correlated extends Sub {
        @Option(names = "--p", paramLabel = "P",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default 4/N).")
        Double p;

        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--rho", paramLabel = "RHO", split = ",", defaultValue = "0,0.3,0.6,0.9", description = "Correlations (default ${DEFAULT-VALUE}).")
        double[] rhos;

        @Option(names = "--items", paramLabel = "T", split = ",", defaultValue = "10,20,40,60,80", description = "Numbers of items (default ${DEFAULT-VALUE}).")
        int[] ts;

        @Override
        KvPlan plan() {
            for (double r : rhos) {
                if (!(r >= 0 && r <= 1)) {
                    throw new UserError("--rho " + r + " is outside [0, 1]");
                }
            }
            return new KvPlan.Correlated(positive("-N", n), rhos, positives("--items", ts), probability(p), common.repeats,
                    common.seed);
        }
    }

    @Command(name = "hetero", mixinStandardHelpOptions = true,
            description = {"Heteroassociative recall (keys d = N, values m) against T.",
                "",
                "T random keys paired with random values are stored, then queried with",
                "60%%-masked keys; the value bits are scored. Models: kv-sequential,",
                "kv-random (--p, default 4/N), bam."})
    static final class Hetero extends Sub {
        @Option(names = "--rule", paramLabel = "FILE",
                description = "Add a 'trained' line: the general rule in FILE (metalearn.rule, written by kv metalearn).")
        Path rule;

        @Option(names = "--p", paramLabel = "P",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default 4/N).")
        Double p;

        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = key dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "-m", paramLabel = "M", defaultValue = "20", description = "Value dimension (default ${DEFAULT-VALUE}).")
        int m;

        @Option(names = "--items", paramLabel = "T", split = ",", defaultValue = "5,10,20,30,40,50,60,80",
                description = "Numbers of pairs (default ${DEFAULT-VALUE}).")
        int[] ts;

        @Override
        KvPlan plan() {
            return new KvPlan.Hetero(positive("-N", n), positive("-m", m), positives("--items", ts), probability(p),
                    rule(rule, n), common.repeats, common.seed);
        }
    }

    @Command(name = "sequence", mixinStandardHelpOptions = true,
            description = {"Sequence recall accuracy against the sequence length.",
                "",
                "A sequence of random items is stored as transitions x_k -> x_(k+1); from",
                "the first item the memory's signed output is fed back as the next query.",
                "Models: kv-sequential, kv-random (--p, default 4/N), bam."})
    static final class Sequence extends Sub {
        @Option(names = "--rule", paramLabel = "FILE",
                description = "Add a 'trained' line: the general rule in FILE (metalearn.rule, written by kv metalearn).")
        Path rule;

        @Option(names = "--p", paramLabel = "P",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default 4/N).")
        Double p;

        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--lengths", paramLabel = "L", split = ",", defaultValue = "2,5,10,20,30,40,41,50,60",
                description = "Sequence lengths (default ${DEFAULT-VALUE}).")
        int[] lengths;

        @Override
        KvPlan plan() {
            for (int l : lengths) {
                if (l < 2) {
                    throw new UserError("--lengths " + l + "; accepted: integers >= 2");
                }
            }
            return new KvPlan.Sequence(positive("-N", n), lengths, probability(p), rule(rule, n), common.repeats,
                    common.seed);
        }
    }

    @Command(name = "flashbulb", mixinStandardHelpOptions = true,
            description = {"Flashbulb memory (the paper's Fig. 4b): salient items in continual recall.",
                "",
                "The authors' continual recall (--steps store steps + half as many recall",
                "steps; q = 1 only for items queried later) in which a fraction of the",
                "queried items (--salient, default 0.01) is salient: q = 15 for kv, q in",
                "{10, 50, 1e3, 1e6} for the hopfield baseline (decay 0.95 every step,",
                "rate 0.5/40, 3 recall steps). kv stability: 'synapse' = the authors'",
                "per-synapse stability (threshold 10, 5 for random slots), 'slot' = the kv",
                "model's per-slot flag (flashbulb=true, threshold 2), 'both' (default)",
                "measures both. Accuracy of salient and ordinary items against R.",
                "--rule FILE adds 'trained synapse': the trained general rule under the",
                "authors' per-synapse stability code (rates clamped to [0, 1], values",
                "decaying by 1 - q(1 - value-decay) on every store; needs synapse or both).",
                "Defaults are the authors': N = 40, 1000 store steps, their 24 delays 1-180."})
    static final class Flashbulb extends Sub {
        @Option(names = "--rule", paramLabel = "FILE",
                description = "Add a 'trained synapse' line: the general rule in FILE (metalearn.rule, written by kv metalearn).")
        Path rule;

        @Option(names = "--p", paramLabel = "P",
                description = "Random-slot write probability p of kv-random, in (0, 1] (default 4/N).")
        Double p;

        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--delays", paramLabel = "R", split = ",",
                description = "Delays (default: the authors' 24 delays from 1 to 179, log-spaced).")
        int[] rs;

        @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "1000",
                description = "Store-phase steps (default ${DEFAULT-VALUE}); a run has 1.5 x as many steps.")
        int steps;

        @Option(names = "--salient", paramLabel = "F", defaultValue = "0.01",
                description = "Fraction of the queried items that are salient, in (0, 1] (default ${DEFAULT-VALUE}; at least one).")
        double salient;

        @Option(names = "--stability", paramLabel = "WHERE", defaultValue = "both",
                description = "synapse, slot or both (default ${DEFAULT-VALUE}).")
        String stability;

        @Option(names = "--threshold", paramLabel = "X", defaultValue = "10",
                description = "Per-synapse stability threshold, sequential slots (default ${DEFAULT-VALUE}).")
        double threshold;

        @Option(names = "--random-threshold", paramLabel = "X", defaultValue = "5",
                description = "Per-synapse stability threshold, random slots (default ${DEFAULT-VALUE}).")
        double randomThreshold;

        @Override
        KvPlan plan() {
            KvStudies.Stability where = switch (stability) {
                case "synapse" -> KvStudies.Stability.SYNAPSE;
                case "slot" -> KvStudies.Stability.SLOT;
                case "both" -> KvStudies.Stability.BOTH;
                default -> throw new UserError("--stability is '" + stability + "'; accepted: synapse, slot, both");
            };
            int[] delays = rs == null ? KvStudies.flashbulbDelays() : positives("--delays", rs);
            positive("--steps", steps);
            long total = KvExperiments.continualSteps(KvExperiments.Store.QUERIED, steps, 0);
            for (int r : delays) {
                if (r >= total) {
                    throw new UserError("--delays " + r + " does not fit in a run of " + total + " steps (--steps " + steps
                            + " store steps + " + (total - steps) + " recall steps); accepted: delays from 1 to " + (total - 1));
                }
            }
            if (!(salient > 0 && salient <= 1)) {
                throw new UserError("--salient is " + salient + "; accepted: a number in (0, 1]");
            }
            try {
                return new KvPlan.Flashbulb(positive("-N", n), delays, steps, salient, probability(p), where, threshold,
                        randomThreshold, rule(rule, n), common.repeats, common.seed);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "metalearn", mixinStandardHelpOptions = true,
            description = {"Meta-learns the kv general rule's 11 scalars with CMA-ES.",
                "",
                "Rates, value decay and the affine pre/post functions are optimised on the",
                "recall task (d = N, T ~ U[N/2, 2N], 60%% masked queries, MSE over a fixed",
                "set of episodes). The learned rule is compared with kv-sequential at T = N",
                "(fresh items, --repeats runs), and the paper's finding (key rule pre-only,",
                "value rule Hebbian) is tested by ablating each affine scalar. Writes",
                "metalearn.json (learned scalars as kv parameters), the loss curve and the",
                "rule file metalearn.rule (versioned, checksummed) for --rule of continual,",
                "hetero and sequence. --train-global also trains the global third factor",
                "q' = max(0, a q + b) (global-scale, global-shift; 13 scalars)."})
    static final class Metalearn extends Sub {
        @Option(names = "-N", paramLabel = "N", defaultValue = "40", description = "Slots = dimension (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--episodes", paramLabel = "E", defaultValue = "32", description = "Training episodes (default ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--evaluations", paramLabel = "E", defaultValue = "3000",
                description = "CMA-ES budget: loss evaluations (default ${DEFAULT-VALUE}).")
        int evaluations;

        @Option(names = "--population", paramLabel = "P", defaultValue = "12", description = "CMA-ES population (default ${DEFAULT-VALUE}).")
        int population;

        @Option(names = "--train-global",
                description = "Also train the global third factor q' = max(0, a q + b) (default: a = 1, b = 0).")
        boolean trainGlobal;

        @Override
        KvPlan plan() {
            try {
                return new KvPlan.Metalearn(new MetaLearning.Config(n, episodes, evaluations, population,
                        common.repeats, common.seed, trainGlobal));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "optimised-capacity", mixinStandardHelpOptions = true,
            description = {"Capacity of random-slot networks whose plasticity is meta-learned",
                "(the paper's Fig. 3b; bio-kvm's train_random_capacity).",
                "",
                "For each k in --k and N in --sizes: slots written with probability p = k/N,",
                "the general rule's 11 scalars meta-learned with CMA-ES on the recall task",
                "(d = N, T ~ U[N/2, 2N], 60%% masked queries, MSE; global third factor fixed),",
                "then the capacity at accuracy --theta by the authors' search, beside the",
                "simple rule on the same slots and kv-sequential. Each (k, N) is trained",
                "on its own from --start. Trainings and capacity measurements run on",
                "--threads threads (default every core); the numbers do not depend on it.",
                "Writes optimised-capacity.json (the learned rules, the fits), .csv and",
                "the plot; prints the training table and the fits.",
                "The defaults take about 10 minutes on 2 cores (docs/kv.md)."})
    static final class OptimisedCapacity extends Sub {
        @Option(names = "--sizes", paramLabel = "N", split = ",", defaultValue = "20,40,80,160",
                description = "Sizes N = d = slots (default ${DEFAULT-VALUE}).")
        int[] ns;

        @Option(names = "--k", paramLabel = "K", split = ",", defaultValue = "1,2,4,8,16",
                description = "Write probabilities p = k/N (default ${DEFAULT-VALUE}; k <= the smallest N).")
        int[] ks;

        @Option(names = "--theta", paramLabel = "THETA", defaultValue = "0.98", description = "Accuracy threshold (default ${DEFAULT-VALUE}).")
        double theta;

        @Option(names = "--episodes", paramLabel = "E", defaultValue = "16",
                description = "Training episodes of the meta-learning loss (default ${DEFAULT-VALUE}).")
        int episodes;

        @Option(names = "--evaluations", paramLabel = "E", defaultValue = "1500",
                description = "CMA-ES evaluations per (k, N) (default ${DEFAULT-VALUE}).")
        int evaluations;

        @Option(names = "--population", paramLabel = "P", defaultValue = "12", description = "CMA-ES population (default ${DEFAULT-VALUE}).")
        int population;

        @Option(names = "--start", paramLabel = "START", defaultValue = "simple",
                description = "Where CMA-ES starts: simple (the general rule nearest the simple "
                        + "rule) or paper (the paper's initialisation; CMA-ES stays near it, docs/kv.md) "
                        + "(default ${DEFAULT-VALUE}).")
        String start;

        @Override
        KvPlan plan() {
            if (!(theta > 0 && theta <= 1)) {
                throw new UserError("--theta is " + theta + "; accepted: a number in (0, 1]");
            }
            var from = switch (start) {
                case "simple" -> dev.engram.experiments.kv.OptimisedCapacity.Start.SIMPLE;
                case "paper" -> dev.engram.experiments.kv.OptimisedCapacity.Start.PAPER;
                default -> throw new UserError("--start is '" + start + "'; accepted: simple, paper");
            };
            positives("--sizes", ns);
            positives("--k", ks);
            try {
                return new KvPlan.OptimisedCapacity(new dev.engram.experiments.kv.OptimisedCapacity.Config(ns, ks, theta,
                        episodes, evaluations, population, common.repeats, common.seed,
                        Integer.getInteger("engram.threads", 0), from));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }
}
