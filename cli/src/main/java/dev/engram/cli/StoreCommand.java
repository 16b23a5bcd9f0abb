package dev.engram.cli;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.ModelFiles;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Scoring;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.TrainingDivergedException;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram store}: builds a memory from a patterns file and saves it for {@code engram recall}. */
@Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Store patterns in a memory and save it to a model file (for 'engram recall'",
            "or the Java API).",
            "",
            "The patterns file has one pattern per line: '+-+--+' or numbers '1 -1 1'",
            "(bipolar models take only +1/-1; 'modern' takes any finite numbers). Lines",
            "starting with # are skipped. A storage model (hopfield, dam mode=stored,",
            "modern) stores each pattern; a trained model (dam mode=trained, hopfield",
            "rule=delta) is trained on them as one task. A model that computes NaN or",
            "infinities (a dam temperature too small for float, say) is not saved.",
            "",
            "Example:",
            "  engram store --model dam --model-param mode=stored \\",
            "               --patterns p.txt --out p.engram",
            ""})
final class StoreCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", required = true, description = "Model by its registry name (e.g. hopfield, dam, modern).")
    String model;

    @Option(names = "--model-param", paramLabel = "NAME=VALUE", description = "A model parameter (repeatable); 'engram plugins' lists them.")
    List<String> modelParams = new ArrayList<>();

    @Option(names = "--patterns", paramLabel = "FILE", required = true, description = "The patterns to store, one per line.")
    Path patterns;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Model file to write (atomically).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of everything random (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        Registry registry = main.registry();
        ModelProvider provider = registry.model(model);
        Params params = provider.parseParams(Params.parseAssignments(modelParams));
        List<PatternText.Line> lines = PatternText.readLines(patterns);
        int count = lines.size();
        List<RealVector> real = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (PatternText.Line line : lines) {
            RealVector v = PatternText.real(line);
            real.add(v);
            sizes.add(v.size());
        }
        PatternText.requireOneDimension(lines, sizes);
        int n = sizes.get(0);
        Model m = provider.create(new ModelContext(n, params, registry.kernels(), seed));
        if (!(m instanceof BipolarMemory) && !(m instanceof RealMemory)) {
            throw new UserError("model '" + model + "' is neither a bipolar nor a real-valued autoassociative memory; "
                    + "'engram store' cannot fill it (key-value memories: see 'engram kv')");
        }
        List<BipolarPattern> bipolar = new ArrayList<>();
        if (m instanceof BipolarMemory) {
            for (PatternText.Line line : lines) {
                bipolar.add(PatternText.bipolar(line));
            }
        }
        if (m instanceof RealMemory rm) {
            real.forEach(rm::store);
        } else if (m instanceof TrainableModel) {
            StrategyProvider naive = registry.strategy("naive");
            var strategy = naive.create(new StrategyContext(naive.parseParams(java.util.Map.of()), seed));
            List<Item> items = bipolar.stream().map(Item::of).toList();
            new SequentialTrainer(m, strategy, seed).learn(0, new Task("patterns", items, List.of(), Scoring.exact()));
        } else {
            ((BipolarMemory) m).storeAll(bipolar);
        }
        requireFinite(m, bipolar, real);
        try {
            ModelFiles.save(m, out);
        } catch (IOException e) {
            String why = e.getMessage() != null && (e.getMessage().startsWith("cannot save")
                    || e.getMessage().startsWith("cannot write")) ? e.getMessage()
                    : "cannot write model file '" + out + "': " + dev.engram.experiments.io.IoErrors.describe(e);
            if (dev.engram.experiments.io.IoErrors.outOfSpace(e) || why.startsWith("cannot write")) {
                // the folder was fine, the writing failed (a full disk): not bad input; the save left nothing behind
                throw new Failure(why + "; nothing was saved" + (java.nio.file.Files.exists(out)
                        ? " ('" + out + "' is as it was)" : ""), e);
            }
            throw new UserError(why, e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("stored %d pattern%s of dimension %d in a '%s' model: %s%n", count, count == 1 ? "" : "s", n, model, out);
        stdout.flush();
        return 0;
    }

    /** Never saves a model that computes NaN: the energy of the first and the last pattern must be finite. */
    private void requireFinite(Model m, List<BipolarPattern> bipolar, List<RealVector> real) {
        for (int i : new int[] {0, real.size() - 1}) {
            double e = m instanceof BipolarMemory bm ? bm.energy(bipolar.get(i)) : ((RealMemory) m).energy(real.get(i));
            if (!Double.isFinite(e)) {
                throw new TrainingDivergedException("the '" + m.providerName() + "' model computes non-finite numbers "
                        + "after storing the patterns (the energy of pattern " + (i + 1) + " is " + e + "); nothing was "
                        + "saved; " + m.params() + " (a higher temperature or a smaller beta usually helps)", 0, 0);
            }
        }
    }
}
