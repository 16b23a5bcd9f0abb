package dev.engram.core.model;

import dev.engram.api.BipolarMemory;
import dev.engram.api.learn.TrainableModel;
import dev.engram.testkit.BipolarMemoryContract;
import dev.engram.testkit.TrainableModelContract;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The built-in bipolar memories keep the testkit's contracts, each in the forms that promise something different:
 * asynchronous recall of a symmetric network descends the energy, synchronous recall and the delta rule's
 * asymmetric weights need not; the trainable forms also keep the trainable contract. Dimension 64; models compute
 * with the kernels the registry selected, as loaded ones do.
 */
class ModelContractsTest {
    static final int N = 64;
    static final Map<String, Object> TRAINED = Map.of("memories", 12, "interaction", "rectified", "n", 4,
            "recall", "async", "epochs", 30, "batch-size", 4);

    static BipolarMemory memory(String name, Map<String, ?> params) {
        return (BipolarMemory) TestModels.create(name, N, 5, TestModels.selected(), params);
    }

    /** One configuration and what it promises: random patterns recalled, from probes with flips, energy descent. */
    abstract class Memory extends BipolarMemoryContract<BipolarMemory> {
        private final String name;
        private final Map<String, ?> params;
        private final int capacity;
        private final int flips;
        private final boolean descends;

        Memory(String name, Map<String, ?> params, int capacity, int flips, boolean descends) {
            this.name = name;
            this.params = params;
            this.capacity = capacity;
            this.flips = flips;
            this.descends = descends;
        }

        @Override
        protected BipolarMemory newModel() {
            return memory(name, params);
        }

        @Override
        protected int capacity() {
            return capacity;
        }

        @Override
        protected int probeFlips() {
            return flips;
        }

        @Override
        protected boolean promisesEnergyDescent() {
            return descends;
        }

        /** A dam in mode=trained (the default) refuses store: its memories come from training. */
        @Override
        protected boolean storesPatterns() {
            return !name.equals("dam") || "stored".equals(params.get("mode"));
        }
    }

    @Nested
    class HopfieldHebbianAsync extends Memory {
        HopfieldHebbianAsync() {
            super("hopfield", Map.of(), 5, 4, true);
        }
    }

    @Nested
    class HopfieldHebbianSync extends Memory {
        HopfieldHebbianSync() {
            super("hopfield", Map.of("recall", "sync"), 5, 2, false);
        }
    }

    @Nested
    class HopfieldStorkey extends Memory {
        HopfieldStorkey() {
            super("hopfield", Map.of("rule", "storkey"), 7, 2, true);
        }
    }

    @Nested
    class HopfieldPseudoinverse extends Memory {
        HopfieldPseudoinverse() {
            super("hopfield", Map.of("rule", "pseudoinverse"), 12, 2, true);
        }
    }

    @Nested
    class HopfieldDelta extends Memory {
        HopfieldDelta() {
            super("hopfield", Map.of("rule", "delta", "epochs", 20), 12, 2, false);
        }
    }

    @Nested
    class DamStoredAsync extends Memory {
        DamStoredAsync() {
            super("dam", Map.of("mode", "stored", "recall", "async"), 20, 8, true);
        }
    }

    @Nested
    class DamStoredSyncExponential extends Memory {
        DamStoredSyncExponential() {
            super("dam", Map.of("mode", "stored", "interaction", "exponential"), 24, 8, false);
        }
    }

    @Nested
    class DamTrained extends Memory {
        DamTrained() {
            super("dam", TRAINED, 6, 2, true);
        }
    }

    @Nested
    class HopfieldDeltaTrainable extends TrainableModelContract<TrainableModel> {
        @Override
        protected TrainableModel newModel() {
            return (TrainableModel) memory("hopfield", Map.of("rule", "delta", "epochs", 3));
        }

        /** W = 0 has no output-norm gradient: check where a few patterns are stored. */
        @Override
        protected TrainableModel modelForGradientCheck() {
            TrainableModel m = newModel();
            ((BipolarMemory) m).storeAll(TestModels.randomPatterns(3, N, 8));
            return m;
        }
    }

    @Nested
    class DamTrainedTrainable extends TrainableModelContract<TrainableModel> {
        @Override
        protected TrainableModel newModel() {
            return (TrainableModel) memory("dam", TRAINED);
        }
    }
}
