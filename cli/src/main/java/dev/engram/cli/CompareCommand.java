package dev.engram.cli;

import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.Experiments;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Output;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram compare}: several strategies (and models) on the same task sequence, plotted together. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run several strategies/models on the same tasks and plot them together.",
            "",
            "Same seed, same task sequence for every run; plots: metric bars, mean accuracy",
            "after each task, recall against noise, each run's curves and heat map.",
            "Defaults: --model dam and every installed strategy.",
            "",
            "Example: engram compare --strategy naive,rehearsal,ewc --tasks 5",
            ""})
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--seeds", paramLabel = "SEED", split = ",", splitSynopsisLabel = ",", order = 0,
            description = "Repeat every run with each seed; metrics get mean, SD and a 95%% interval (default: --seed).")
    List<Long> seeds;

    @Mixin
    ExperimentOptions opts;

    @Override
    public Integer call() throws Exception {
        List<String> all = main.registry().strategies().stream().map(StrategyProvider::name).toList();
        if (all.isEmpty()) {
            throw new UserError("no strategy is installed; 'engram plugins' lists what is");
        }
        ExperimentOptions.Resolved r = opts.resolve("compare", all);
        if (r.plan().skipIncompatible()) {
            // every installed strategy by default: leave out those that cannot work with the model(s) before the
            // plan is named, so that the name counts the strategies that run ("-3-strategies" is not "-8-")
            List<String> usable = new java.util.ArrayList<>();
            java.io.PrintWriter console = spec.commandLine().getOut();
            var data = r.plan().data();
            int dimension = "random".equals(data.kindOrDefault()) && data.dimension() != null ? data.dimension()
                    : "random".equals(data.kindOrDefault()) ? 100 : 28 * 28;
            for (String s : all) {
                String why = null;
                for (var p : Runner.prepareAll(main.registry(), r.plan().models(), List.of(new dev.engram.experiments.Spec(s, java.util.Map.of())))) {
                    why = why != null ? why : Runner.incompatibility(main.registry(), p, dimension, r.plan().seed());
                }
                if (why == null) {
                    usable.add(s);
                } else {
                    console.println("engram: skipping " + s + ": " + why);
                }
            }
            if (!usable.isEmpty() && usable.size() < all.size()) {
                r = opts.resolve("compare", usable);
            }
        }
        Experiments.run(main.registry(), r.plan().withSeeds(seeds), new Output(r.out(), spec.commandLine().getOut(), opts.force));
        return 0;
    }
}
