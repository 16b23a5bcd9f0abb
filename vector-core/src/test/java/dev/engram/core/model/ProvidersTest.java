package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.RealMemory;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.spi.Registry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    @Test
    void registryFindsTheBuiltInModels() {
        Registry r = Registry.load();
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        List<String> names = r.models().stream().map(p -> p.name()).toList();
        assertTrue(names.containsAll(List.of("dam", "hopfield", "modern")), names.toString());
        assertEquals("stored", r.model("dam").parseParams(Map.of("mode", "stored")).getString("mode"));
    }

    @Test
    void trainableOnlyWhereGradientsApply() {
        assertInstanceOf(TrainableModel.class, TestModels.create("dam", 10, 1, Map.of()));
        assertTrue(!(TestModels.create("dam", 10, 1, Map.of("mode", "stored")) instanceof TrainableModel));
        assertInstanceOf(TrainableModel.class, TestModels.create("hopfield", 10, 1, Map.of("rule", "delta")));
        assertInstanceOf(BipolarMemory.class, TestModels.create("hopfield", 10, 1, Map.of()));
        assertTrue(!(TestModels.create("hopfield", 10, 1, Map.of()) instanceof TrainableModel));
        assertInstanceOf(RealMemory.class, TestModels.create("modern", 10, 1, Map.of()));
    }
}
