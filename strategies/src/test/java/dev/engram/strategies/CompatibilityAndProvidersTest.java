package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.Model;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The providers are found and validate their parameters; strategies refuse models they cannot work with. */
class CompatibilityAndProvidersTest {
    static final Registry REGISTRY = Registry.load();
    static final List<String> ALL = List.of("agem", "ewc", "gem", "mas", "naive", "pseudorehearsal", "rehearsal", "si");

    static Strategy create(String name) {
        StrategyProvider p = REGISTRY.strategy(name);
        return p.create(new StrategyContext(p.parseParams(Map.of()), 0));
    }

    static Model model(String name, Map<String, ?> params) {
        ModelProvider p = REGISTRY.model(name);
        return p.create(new ModelContext(16, p.parseParams(params), REGISTRY.kernels(), 1));
    }

    @Test
    void everyStrategyIsFoundByNameWithDeclaredParameters() {
        List<String> names = REGISTRY.strategies().stream().map(StrategyProvider::name).toList();
        assertTrue(names.containsAll(ALL), names.toString());
        for (String name : ALL) {
            StrategyProvider p = REGISTRY.strategy(name);
            assertEquals("strategy", p.kind());
            assertEquals(name, create(name).providerName());
            p.parameters().forEach(s -> assertTrue(s.name().matches("[a-z][a-z0-9-]*"), s.name()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.parseParams(Map.of("no-such-parameter", 1)));
            assertTrue(e.getMessage().contains("no-such-parameter") && e.getMessage().contains(name), e.getMessage());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> REGISTRY.strategy("gem").parseParams(Map.of("projection", "sideways")));
        assertTrue(bad.getMessage().contains("before, after"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.strategy("rehearsal").parseParams(Map.of("buffer-size", 0)));
    }

    @Test
    void gradientStrategiesRefuseAStorageOnlyModelBeforeTrainingStarts() {
        Model hebbian = model("hopfield", Map.of("rule", "hebbian"));
        for (String name : List.of("ewc", "si", "mas", "gem", "agem")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SequentialTrainer(hebbian, create(name), 1), name);
            String m = e.getMessage();
            assertTrue(m.contains("'" + name + "'") && m.contains("'hopfield'") && m.contains("TrainableModel"), m);
            assertEquals(0, ((dev.engram.api.BipolarMemory) hebbian).size(), "nothing was stored");
        }
        for (String name : List.of("naive", "rehearsal", "pseudorehearsal")) {
            assertDoesNotThrow(() -> new SequentialTrainer(hebbian, create(name), 1), name);
        }
        for (String name : ALL) {
            assertDoesNotThrow(() -> new SequentialTrainer(model("dam", Map.of("memories", 4)), create(name), 1), name);
        }
    }

    @Test
    void pseudorehearsalRefusesAModelWithoutBipolarRecall() {
        Model dam = model("dam", Map.of("memories", 4));
        Model realOnly = new ToyModel(8, 0.1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create("pseudorehearsal").checkCompatible(realOnly));
        assertTrue(e.getMessage().contains("'toy'") && e.getMessage().contains("BipolarMemory"), e.getMessage());
        assertDoesNotThrow(() -> create("pseudorehearsal").checkCompatible(dam));
    }
}
