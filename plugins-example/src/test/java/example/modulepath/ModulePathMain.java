package example.modulepath;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyProvider;
import java.util.SplittableRandom;

/**
 * Run by {@code com.example.engram.ModulePathIT} with Engram and the plugin on the module path (this class on the class path): prints
 * the module of every provider the registry finds, then stores and recalls with the plugin's model.
 */
public final class ModulePathMain {
    private ModulePathMain() {
    }

    public static void main(String[] args) {
        Registry r = Registry.load();
        System.out.println("api module: " + Registry.class.getModule().getName() + " named="
                + Registry.class.getModule().isNamed());
        for (ModelProvider p : r.models()) {
            System.out.println("model " + p.name() + " in " + p.getClass().getModule().getName());
        }
        for (StrategyProvider p : r.strategies()) {
            System.out.println("strategy " + p.name() + " in " + p.getClass().getModule().getName());
        }
        r.problems().forEach(p -> System.out.println("problem " + p));
        BipolarMemory m = dev.engram.api.Engram.memory("sparse-hopfield").dimension(200).param("activity", 0.5)
                .param("threshold", 0).seed(3).build(BipolarMemory.class);
        BipolarPattern p = BipolarPattern.random(200, new SplittableRandom(5));
        m.store(p);
        System.out.println("recalled " + m.recall(p).state().equals(p));
    }
}
