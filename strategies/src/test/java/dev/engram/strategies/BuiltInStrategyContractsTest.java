package dev.engram.strategies;

import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.testkit.StrategyContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * Every built-in strategy keeps the testkit's strategy contract, trained with the kit's SmallDam and made with
 * ResumeTest's parameters. The gradient strategies refuse a Hebbian network; pseudorehearsal refuses a model
 * without bipolar recall; naive and pseudorehearsal keep no state that changes how the next task is trained.
 */
class BuiltInStrategyContractsTest {
    enum Refuses { NOTHING, HEBBIAN, NON_BIPOLAR }

    abstract static class Contract extends StrategyContract {
        private final String name;
        private final Refuses refuses;
        private final boolean stateful;

        Contract(String name, Refuses refuses, boolean stateful) {
            this.name = name;
            this.refuses = refuses;
            this.stateful = stateful;
        }

        @Override
        protected Strategy newStrategy() {
            return ResumeTest.strategy(name);
        }

        @Override
        protected List<Model> incompatibleModels() {
            return switch (refuses) {
                case NOTHING -> List.of();
                case HEBBIAN -> List.of(CompatibilityAndProvidersTest.model("hopfield", Map.of("rule", "hebbian")));
                case NON_BIPOLAR -> List.of(new ToyModel(8, 0.1, 0));
            };
        }

        @Override
        protected boolean stateChangesTraining() {
            return stateful;
        }
    }

    @Nested
    class Naive extends Contract {
        Naive() {
            super("naive", Refuses.NOTHING, false);
        }
    }

    @Nested
    class Rehearsal extends Contract {
        Rehearsal() {
            super("rehearsal", Refuses.NOTHING, true);
        }
    }

    @Nested
    class Pseudorehearsal extends Contract {
        Pseudorehearsal() {
            super("pseudorehearsal", Refuses.NON_BIPOLAR, false); // attractors are sampled afresh for each task
        }
    }

    @Nested
    class Ewc extends Contract {
        Ewc() {
            super("ewc", Refuses.HEBBIAN, true);
        }
    }

    @Nested
    class Si extends Contract {
        Si() {
            super("si", Refuses.HEBBIAN, true);
        }
    }

    @Nested
    class Mas extends Contract {
        Mas() {
            super("mas", Refuses.HEBBIAN, true);
        }
    }

    @Nested
    class Gem extends Contract {
        Gem() {
            super("gem", Refuses.HEBBIAN, true);
        }
    }

    @Nested
    class Agem extends Contract {
        Agem() {
            super("agem", Refuses.HEBBIAN, true);
        }
    }
}
