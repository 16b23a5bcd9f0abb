package example.modulepath;

import dev.engram.experiments.DataSpec;
import dev.engram.experiments.ExperimentConfig;
import dev.engram.experiments.ExperimentPlan;
import dev.engram.experiments.Experiments;
import dev.engram.experiments.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run by {@code com.example.engram.ModulePathIT} with {@code dev.engram.experiments} and its dependencies on the
 * module path (this class on the class path): reads a TOML config (Jackson into the module's records), runs a small
 * experiment (the registry, the runner, results.json, the PNG and SVG plots) and prints what it found.
 */
public final class ExperimentsMain {
    private ExperimentsMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("experiments module: " + Experiments.class.getModule().getName() + " named="
                + Experiments.class.getModule().isNamed());
        Path toml = Files.writeString(dir.resolve("e.toml"), """
                name = "from-toml"
                seed = 2
                [data]
                tasks = 2
                dimension = 32
                [model]
                name = "dam"
                params = { n = 3 }
                [strategy]
                name = "rehearsal"
                """);
        ExperimentConfig c = ExperimentConfig.read(toml);
        System.out.println("config " + c.name() + " tasks=" + c.data().tasks() + " model=" + c.model().get(0).name()
                + " strategy=" + c.strategy().get(0).name());
        ExperimentPlan plan = ExperimentPlan.builder().model("dam", Map.of("n", 3)).strategy("rehearsal")
                .data(new DataSpec("random", 2, 32, 5, null, null, null, null, null, null, null)).seed(1).build();
        Experiments.Outcome o = Experiments.run(plan, Output.to(dir.resolve("out")));
        System.out.println("runs " + o.runs().size() + " in " + o.runs().get(0).getClass().getModule().getName());
        for (String f : new String[] {"results.json", "results.csv", "accuracy-rehearsal.png", "accuracy-rehearsal.svg",
            "report.html"}) {
            System.out.println("file " + f + " " + Files.isRegularFile(o.folder().resolve(f)));
        }
    }
}
