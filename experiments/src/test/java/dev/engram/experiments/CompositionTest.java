package dev.engram.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.Engram;
import dev.engram.api.ModelFiles;
import dev.engram.api.learn.CompositeStrategy;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyProvider;
import dev.engram.experiments.data.TaskSequence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Composed strategies on the real dam and the built-in strategies. */
class CompositionTest {
    static final Map<String, Object> DAM = Map.of("mode", "trained", "memories", 32, "interaction", "rectified",
            "n", 3, "epochs", 40, "batch-size", 10, "learning-rate", 0.05, "momentum", 0.6);
    static final long SEED = 5;

    @TempDir
    Path dir;

    final Registry registry = Registry.load();
    final TaskSequence seq = new DataSpec("random", 3, 48, 10, null, null, null, null, null, null, null).build(SEED);

    TrainableModel dam() {
        return Engram.memory("dam").dimension(seq.dimension()).params(DAM).seed(SEED).registry(registry)
                .build(TrainableModel.class);
    }

    Strategy strategy(String name) {
        return Engram.strategy(name).param("lambda", 1e4).seed(SEED).registry(registry).build();
    }

    Strategy plain(String name) {
        return Engram.strategy(name).seed(SEED).registry(registry).build();
    }

    float[] trainAll(Strategy s) {
        TrainableModel m = dam();
        SequentialTrainer t = new SequentialTrainer(m, s, SEED);
        for (int i = 0; i < seq.size(); i++) {
            t.learn(i, seq.tasks().get(i));
        }
        return m.parameters().clone();
    }

    @Test
    void rehearsalPlusEwcDiffersFromEachAlone() {
        float[] both = trainAll(strategy("rehearsal+ewc"));
        float[] rehearsal = trainAll(plain("rehearsal"));
        float[] ewc = trainAll(strategy("ewc"));
        assertFalse(Arrays.equals(both, rehearsal), "rehearsal+ewc trained like rehearsal alone");
        assertFalse(Arrays.equals(both, ewc), "rehearsal+ewc trained like ewc alone");
        // the order written does not matter: the hooks run in role order
        assertArrayEquals(both, trainAll(strategy("ewc+rehearsal")));
    }

    @Test
    void hooksRunInRoleOrderAndTheNameSaysSo() {
        StrategyProvider p = registry.strategy("agem+ewc+rehearsal");
        assertEquals("rehearsal+ewc+agem", p.name());
        CompositeStrategy c = (CompositeStrategy) strategy("agem+ewc+rehearsal");
        assertEquals(List.of("rehearsal", "ewc", "agem"), c.parts().stream().map(Strategy::providerName).toList());
        assertTrue(p.parameters().stream().anyMatch(s -> s.name().equals("ewc.lambda")));
        assertEquals(1e4, p.parseParams(Map.of("lambda", "1e4")).getDouble("ewc.lambda"));
    }

    @Test
    void compositionsThatCannotWorkSaySo() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.strategy("gem+agem"))
                .getMessage().contains("at most one projection"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.strategy("naive+ewc"))
                .getMessage().contains("naive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.strategy("ewc+ewc"))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.strategy("ewc+nope"))
                .getMessage().contains("nope"));
        // a parameter two parts declare must be qualified
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.strategy("ewc+mas").parseParams(Map.of("lambda", 1)));
        assertTrue(e.getMessage().contains("ewc.lambda") && e.getMessage().contains("mas.lambda"), e.getMessage());
    }

    static byte[] state(Strategy s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            s.writeState(d);
        }
        return b.toByteArray();
    }

    @Test
    void bothPartsKeepTheirStateThroughSaveAndLoad() throws IOException {
        Strategy original = strategy("rehearsal+ewc");
        TrainableModel model = dam();
        SequentialTrainer trainer = new SequentialTrainer(model, original, SEED);
        trainer.learn(0, seq.tasks().get(0));
        byte[] saved = state(original);
        Path file = dir.resolve("after-task-1.engram");
        ModelFiles.save(model, file);

        Strategy restored = strategy("rehearsal+ewc");
        restored.readState(new DataInputStream(new ByteArrayInputStream(saved)));
        assertArrayEquals(saved, state(restored), "the restored composition writes what it read");
        TrainableModel reloaded = (TrainableModel) ModelFiles.load(file, registry);

        trainer.learn(1, seq.tasks().get(1));
        new SequentialTrainer(reloaded, restored, SEED).learn(1, seq.tasks().get(1));
        assertArrayEquals(model.parameters(), reloaded.parameters(), "restored run continues exactly");

        // without the state (a fresh composition) the second task trains differently: the state matters
        TrainableModel again = (TrainableModel) ModelFiles.load(file, registry);
        new SequentialTrainer(again, strategy("rehearsal+ewc"), SEED).learn(1, seq.tasks().get(1));
        assertFalse(Arrays.equals(model.parameters(), again.parameters()));

        // the state of another composition is refused
        Strategy other = strategy("rehearsal+mas");
        IOException e = assertThrows(IOException.class,
                () -> other.readState(new DataInputStream(new ByteArrayInputStream(saved))));
        assertTrue(e.getMessage().contains("ewc") && e.getMessage().contains("mas"), e.getMessage());
    }

    @Test
    void aConfigFileListsTheParts() throws IOException {
        Path toml = dir.resolve("c.toml");
        java.nio.file.Files.writeString(toml, """
                [[strategy]]
                compose = [ { name = "rehearsal", params = { buffer-size = 50 } }, { name = "ewc", params = { lambda = 1e4 } } ]
                """);
        ExperimentConfig c = ExperimentConfig.read(toml);
        Spec s = c.strategy().get(0).toSpec();
        assertEquals("rehearsal+ewc", s.name());
        assertEquals(java.util.Set.of("rehearsal.buffer-size", "ewc.lambda"), s.params().keySet());
        var params = registry.strategy(s.name()).parseParams(s.params());
        assertEquals(50, params.getInt("rehearsal.buffer-size"));
        assertEquals(1e4, params.getDouble("ewc.lambda"));
    }
}
