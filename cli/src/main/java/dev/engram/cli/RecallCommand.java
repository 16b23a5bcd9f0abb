package dev.engram.cli;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.ModelFiles;
import dev.engram.api.NeuronMask;
import dev.engram.api.Recall;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram recall}: pattern completion and denoising from a saved model. */
@Command(name = "recall", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Recall stored patterns from probes with a model saved by 'engram store' (or",
            "ModelFiles.save).",
            "",
            "Prints, per probe: the recalled state, the number of steps, whether the",
            "dynamics converged, and the energy. Probes are written like patterns ('+-+-'",
            "or '1 -1 1'); for 'modern', 0 marks an unknown component.",
            "",
            "Example:",
            "  engram recall --model-file p.engram --probe '+-+-++--'",
            ""})
final class RecallCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--model-file", paramLabel = "FILE", required = true, description = "A model file written by 'engram store'.")
    Path modelFile;

    static final class Probes {
        @Option(names = "--probe", paramLabel = "PATTERN", description = "One probe (repeatable).")
        List<String> probes;

        @Option(names = "--probes", paramLabel = "FILE", description = "A file of probes, one per line.")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Probes probes;

    @Option(names = "--update", paramLabel = "FROM-TO",
            description = "Only neurons FROM..TO (inclusive, 0-based) may change; the others stay clamped (bipolar models).")
    String update;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(modelFile)) {
            throw new UserError("model file '" + modelFile + "' does not exist");
        }
        Model m;
        try {
            m = ModelFiles.load(modelFile, main.registry());
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        List<PatternText.Line> lines = new ArrayList<>();
        if (probes.file != null) {
            lines.addAll(PatternText.readLines(probes.file));
        } else {
            for (int i = 0; i < probes.probes.size(); i++) {
                lines.add(new PatternText.Line("--probe " + (i + 1), probes.probes.get(i).strip()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (m instanceof BipolarMemory bm) {
            NeuronMask mask = update == null ? null : parseRange(update, bm.dimension());
            RecallWorkspace ws = bm.newWorkspace();
            for (PatternText.Line line : lines) {
                BipolarPattern p = PatternText.bipolar(line);
                try {
                    bm.requireDimension(p);
                } catch (IllegalArgumentException e) {
                    throw new UserError(line.where() + ": " + e.getMessage(), e);
                }
                Recall<BipolarPattern> r = bm.recall(p, mask, ws);
                out.printf(Locale.ROOT, "%s  steps=%d converged=%b energy=%.6g%n", r.state(), r.steps(), r.converged(), r.energy());
            }
        } else if (m instanceof RealMemory rm) {
            if (update != null) {
                throw new UserError("--update applies to bipolar models; '" + m.providerName() + "' recalls real vectors");
            }
            for (PatternText.Line line : lines) {
                RealVector v = PatternText.real(line);
                if (v.size() != rm.dimension()) {
                    throw new UserError(line.where() + ": probe has dimension " + v.size() + "; the model has dimension " + rm.dimension());
                }
                Recall<RealVector> r = rm.recall(v);
                out.printf(Locale.ROOT, "%s  steps=%d converged=%b energy=%.6g%n", PatternText.format(r.state()), r.steps(),
                        r.converged(), r.energy());
            }
        } else {
            throw new UserError("model '" + m.providerName() + "' in '" + modelFile + "' is not an autoassociative memory; "
                    + "'engram recall' cannot probe it");
        }
        out.flush();
        return 0;
    }

    private static NeuronMask parseRange(String text, int n) {
        String[] parts = text.split("-", -1);
        try {
            if (parts.length == 2) {
                int from = Integer.parseInt(parts[0].strip());
                int to = Integer.parseInt(parts[1].strip());
                if (from < 0 || to < from || to > n - 1) {
                    throw new UserError("--update is " + from + "-" + to + "; accepted: FROM-TO with 0 <= FROM <= TO <= "
                            + (n - 1) + " (neuron indices, inclusive; the model has " + n + " neurons)");
                }
                return NeuronMask.range(n, from, to + 1);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UserError("--update is '" + text + "'; accepted: FROM-TO, two neuron indices in [0, " + (n - 1) + "]");
    }
}
