package dev.engram.cli;

import dev.engram.experiments.ExperimentConfig;
import dev.engram.experiments.Experiments;
import dev.engram.experiments.Output;
import dev.engram.experiments.Sweep;
import dev.engram.experiments.SweepPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram sweep}: a grid of parameters x seeds, one logged line per finished trial, resumable. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run a grid of parameter values x seeds; resumable.",
            "",
            "Each finished trial is appended to trials.jsonl (or trials.csv) in the output",
            "folder; the same command with the same --out skips the trials already there.",
            "At the end: sweep.csv (means over seeds) and sweep-acc / sweep-bwt plots",
            "against the first grid parameter. Defaults: --model dam --strategy naive.",
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

    @Option(names = "--seeds", paramLabel = "S1,S2,...", split = ",", order = 0,
            description = "Seeds: each grid point runs once per seed (default: --seed, else 1).")
    List<Long> seeds;

    @Option(names = "--format", paramLabel = "jsonl|csv", order = 0, description = "Trial log format (default jsonl).")
    String format;

    @Mixin
    ExperimentOptions opts;

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
        Experiments.run(main.registry(), plan, new Output(r.out(), spec.commandLine().getOut()));
        return 0;
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
