package dev.engram.cli;

import dev.engram.experiments.ExperimentConfig;
import dev.engram.experiments.Experiments;
import dev.engram.experiments.Output;
import dev.engram.experiments.SweepPlan;
import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.sweep.SweepSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code engram sweep}: a grid of parameters x seeds, one record file per finished trial, resumable, sliceable
 * ({@code --shard}) and spread over a cluster ({@code --cluster}); {@code engram sweep merge} summarises.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = SweepCommand.Merge.class,
        description = {
            "Run a grid of parameter values x seeds; resumable.",
            "",
            "A trial is its whole configuration (model, strategy, every parameter with its",
            "default, data, seed, versions); each finished trial is written to",
            "trials/<id>.json in the output folder. The same command (or one with more",
            "seeds or grid values) with the same --out runs only the trials without a",
            "record. At the end: trials.jsonl (or trials.csv), sweep.csv (means over",
            "seeds) and sweep-acc / sweep-bwt plots against the first grid parameter.",
            "Defaults: --model dam --strategy naive.",
            "",
            "Many machines: --shard I/N runs one slice (job arrays; then 'engram sweep",
            "merge DIR'), --cluster HOST:PORT hands the trials to 'engram worker's.",
            "",
            "Example:",
            "  engram sweep --strategy ewc --strategy-grid lambda=1,10,100 \\",
            "               --model-grid n=2,3 --seeds 1,2,3 --out engram-out/ewc",
            ""})
final class SweepCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--model-grid", paramLabel = "NAME=V1,V2,...", order = 0,
            description = "Values of a model parameter to sweep (repeatable).")
    List<String> modelGrid = new ArrayList<>();

    @Option(names = "--strategy-grid", paramLabel = "NAME=V1,V2,...", order = 0,
            description = "Values of a strategy parameter to sweep (repeatable).")
    List<String> strategyGrid = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", splitSynopsisLabel = ",", order = 0,
            description = "Seeds: each grid point runs once per seed (default: --seed, else 1).")
    List<Long> seeds;

    @Option(names = "--format", paramLabel = "jsonl|csv", order = 0, description = "Trial log format (default jsonl).")
    String format;

    @Mixin
    ExperimentOptions opts;

    @Mixin
    DistributionOptions where;

    @Override
    public Integer call() throws Exception {
        ExperimentOptions.Resolved r = opts.resolve("sweep", List.of("naive"));
        ExperimentConfig.SweepSpec s = r.config() == null ? null : r.config().sweep();
        Map<String, List<Object>> mg = new LinkedHashMap<>(s != null && s.model() != null ? s.model() : Map.of());
        Map<String, List<Object>> sg = new LinkedHashMap<>(s != null && s.strategy() != null ? s.strategy() : Map.of());
        mg.putAll(grid(modelGrid));
        sg.putAll(grid(strategyGrid));
        List<Long> sds = seeds != null ? seeds : s != null && s.seeds() != null ? s.seeds() : List.of(r.plan().seed());
        Sweep.Format f = Sweep.Format.of(format != null ? format : s != null && s.format() != null ? s.format() : "jsonl");
        SweepPlan plan = new SweepPlan(r.plan(), mg, sg, sds, f);
        Sweep.Execution ex = where.execution(spec.commandLine().getErr());
        try {
            Experiments.run(main.registry(), plan, new Output(r.out(), spec.commandLine().getOut(), opts.force), ex);
        } finally {
            if (ex.executor() != null) {
                ex.executor().close();
            }
        }
        return 0;
    }

    /** {@code engram sweep merge DIR [DIR...]}: rebuild a sweep folder's summary from its records. */
    @Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Rebuild trials.jsonl/csv, sweep.csv and the plots of a sweep folder from its",
                "records (trials/*.json). Safe to run at any time, also while slices still",
                "run; running it again gives the same files.",
                "",
                "With several folders (slices run without a shared file system), the records",
                "of the others are copied into the first, which is then summarised; folders",
                "of different sweeps are refused, naming what differs.",
                "",
                "Example (a Slurm array's last step):",
                "  engram sweep merge engram-out/ewc",
                ""})
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "1..*", description = "The sweep folder; more folders to merge into it.")
        List<Path> dirs;

        @Override
        public Integer call() throws Exception {
            SweepSummary.Merged m = SweepSummary.mergeFolders(dirs.get(0), dirs.subList(1, dirs.size()),
                    spec.commandLine().getOut());
            spec.commandLine().getOut().printf(java.util.Locale.ROOT, "Merged %d records of %d planned trials in %s%n",
                    m.done(), m.planned(), dirs.get(0));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static Map<String, List<Object>> grid(List<String> assignments) {
        Map<String, List<Object>> g = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0 || eq == a.length() - 1) {
                throw new UserError("grid '" + a + "' is not of the form name=value1,value2,...");
            }
            List<Object> vals = new ArrayList<>();
            for (String v : a.substring(eq + 1).split(",")) {
                if (v.isBlank()) {
                    throw new UserError("grid '" + a + "' has an empty value");
                }
                vals.add(v.trim());
            }
            if (g.put(a.substring(0, eq).trim(), vals) != null) {
                throw new UserError("grid parameter '" + a.substring(0, eq).trim() + "' is given twice");
            }
        }
        return g;
    }
}
