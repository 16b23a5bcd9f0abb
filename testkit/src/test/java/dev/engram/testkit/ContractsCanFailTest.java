package dev.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainingContext;
import java.io.DataInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Every test of the three contracts fails on a model or strategy that breaks what it checks: a contract that
 * cannot fail would prove nothing. Each case wraps the kit's (correct) SmallDam or ReplayStrategy and breaks
 * one thing (the strategy cases: ReplayStrategy).
 */
class ContractsCanFailTest {

    /** SmallDam behind a wrapper whose methods a case overrides to break one promise. */
    static class Broken extends RecordingModel.Memory {
        Broken() {
            super(SmallDamPromises.model());
        }
    }

    static BipolarMemoryContract<Broken> memoryContract(Supplier<Broken> make) {
        return new SmallDamPromises<>() {
            @Override
            protected Broken newModel() {
                return make.get();
            }
        };
    }

    static TrainableModelContract<Broken> trainableContract(Supplier<Broken> make) {
        return new TrainableModelContract<>() {
            @Override
            protected Broken newModel() {
                return make.get();
            }
        };
    }

    static StrategyContract strategyContract(Supplier<Strategy> make, List<Model> incompatible) {
        return new StrategyContract() {
            @Override
            protected Strategy newStrategy() {
                return make.get();
            }

            @Override
            protected List<Model> incompatibleModels() {
                return incompatible;
            }
        };
    }

    static void fails(Executable test) {
        assertThrows(AssertionFailedError.class, test);
    }

    /** Flips neuron 0 of a recall's result. */
    static void flipFirst(long[] out) {
        out[0] ^= 1L;
    }

    // ------------------------------------------------------------------ BipolarMemoryContract

    @Test
    void unbrokenTheWrapperKeepsBothContracts() throws Exception {
        // so that each failure below comes from what its case breaks (saving aside: the class changes on loading)
        BipolarMemoryContract<Broken> m = memoryContract(Broken::new);
        m.storedPatternsAreFixedPoints();
        m.storedPatternsAreRecalledFromCorruptedProbes();
        m.energiesAreFiniteAndRecallDoesNotRaiseThem();
        m.fieldSignsAreTheNextStatesOfTheDynamics();
        m.wrongDimensionsAreRefusedNamingBoth();
        m.aFrozenModelRefusesToLearnAndRecallsAsBefore();
        m.concurrentRecallOnAFrozenModelEqualsSequentialRecall();
        TrainableModelContract<Broken> t = trainableContract(Broken::new);
        t.countsAreSane();
        t.aRestoredSnapshotGivesTheSameLossAndGradient();
        t.lossGradientMatchesFiniteDifferences();
        t.outputNormGradientMatchesFiniteDifferences();
        t.aFewTrainingEpochsLowerTheLoss();
        t.optimiserHooksKeepTheirPromises();
        t.aFrozenModelRefusesUpdates();
    }

    @Test
    void aRecallThatMovesAStoredPatternFails() {
        fails(memoryContract(() -> new Broken() {
            @Override
            public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
                super.recallInto(probe, out, update, ws);
                flipFirst(out);
            }
        })::storedPatternsAreFixedPoints);
    }

    @Test
    void aRecallThatDoesNotCleanUpFails() {
        fails(memoryContract(() -> new Broken() {
            @Override
            public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
                System.arraycopy(probe, 0, out, 0, probe.length);
            }
        })::storedPatternsAreRecalledFromCorruptedProbes);
    }

    @Test
    void anEnergyThatRecallRaisesFails() {
        fails(memoryContract(() -> new Broken() {
            @Override
            public double energy(BipolarPattern state) {
                return -super.energy(state);
            }
        })::energiesAreFiniteAndRecallDoesNotRaiseThem);
    }

    @Test
    void fieldsOfTheWrongSignFail() {
        fails(memoryContract(() -> new Broken() {
            @Override
            public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
                super.fields(state, neurons, out);
                for (int j = 0; j < neurons.count(); j++) {
                    out[j] = -out[j];
                }
            }
        })::fieldSignsAreTheNextStatesOfTheDynamics);
    }

    @Test
    void anUncheckedDimensionFails() {
        fails(memoryContract(() -> new Broken() {
            @Override
            public double energy(BipolarPattern state) {
                return 0;
            }
        })::wrongDimensionsAreRefusedNamingBoth);
    }

    @Test
    void aFreezeThatDoesNothingFails() {
        fails(memoryContract(() -> new Broken() {
            @Override
            public void freeze() {
            }
        })::aFrozenModelRefusesToLearnAndRecallsAsBefore);
    }

    @Test
    void aModelThatLoadsBackAsAnotherFails(@TempDir Path dir) {
        // the wrapper saves SmallDam's state under SmallDam's name: the provider rebuilds a SmallDam, not a Broken
        fails(() -> memoryContract(() -> new Broken()).aSavedModelLoadsBackEqual(dir));
    }

    @Test
    void aRecallThatDependsOnHistoryFails() {
        AtomicInteger calls = new AtomicInteger();
        fails(memoryContract(() -> new Broken() {
            @Override
            public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
                super.recallInto(probe, out, update, ws);
                if (calls.incrementAndGet() % 7 == 3) {
                    flipFirst(out);
                }
            }
        })::concurrentRecallOnAFrozenModelEqualsSequentialRecall);
    }

    // ------------------------------------------------------------------ TrainableModelContract

    @Test
    void noEpochsFail() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public int epochs() {
                return 0;
            }
        })::countsAreSane);
    }

    @Test
    void aSetParametersThatIgnoresItsValuesFails() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public void setParameters(float[] values) {
            }
        })::aRestoredSnapshotGivesTheSameLossAndGradient);
    }

    @Test
    void aWrongLossGradientFails() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public double lossAndGradient(List<Item> batch, float[] grad) {
                double loss = super.lossAndGradient(batch, grad);
                grad[0] *= 1.5f;
                for (int i = 1; i < grad.length; i++) {
                    grad[i] *= 1.2f;
                }
                return loss;
            }
        })::lossGradientMatchesFiniteDifferences);
    }

    @Test
    void aWrongOutputNormGradientFails() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public double outputNormGradient(List<Item> batch, float[] grad) {
                double value = super.outputNormGradient(batch, grad);
                for (int i = 0; i < grad.length; i++) {
                    grad[i] *= -1f;
                }
                return value;
            }
        })::outputNormGradientMatchesFiniteDifferences);
    }

    @Test
    void anOptimiserThatClimbsFails() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public void updateFromGradient(float[] grad, float[] delta) {
                super.updateFromGradient(grad, delta);
                for (int i = 0; i < delta.length; i++) {
                    delta[i] = -delta[i];
                }
            }
        })::aFewTrainingEpochsLowerTheLoss);
    }

    @Test
    void aStepDirectionThatMovesTheMomentumFails() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public void stepDirection(float[] grad, float[] out) {
                updateFromGradient(grad, out);
            }
        })::optimiserHooksKeepTheirPromises);
    }

    @Test
    void anUpdateOfAFrozenModelFails() {
        fails(trainableContract(() -> new Broken() {
            @Override
            public void freeze() {
            }
        })::aFrozenModelRefusesUpdates);
    }

    // ------------------------------------------------------------------ StrategyContract

    @Test
    void aStrategyThatTrainsTheModelItselfFails() {
        fails(strategyContract(() -> new ReplayStrategy() {
            @Override
            public void afterTask(TrainingContext ctx) {
                super.afterTask(ctx);
                ctx.trainable().applyUpdate(new float[ctx.trainable().parameterCount()]);
            }
        }, List.of())::hooksRunInOrderAndLeaveTheModelToTheTrainer);
    }

    @Test
    void aStrategyThatWritesIntoTheParametersFails() {
        fails(strategyContract(() -> new ReplayStrategy() {
            @Override
            public double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
                params[0] = 0f;
                return 0;
            }
        }, List.of())::hooksRunInOrderAndLeaveTheModelToTheTrainer);
    }

    @Test
    void anAugmentBatchThatChangesItsInputFails() {
        fails(strategyContract(() -> new ReplayStrategy() {
            @Override
            public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
                batch.addAll(replay);
                return batch;
            }
        }, List.of())::augmentBatchLeavesItsInputAlone);
    }

    @Test
    void aStrategyThatForgetsItsStateFails() {
        fails(strategyContract(() -> new ReplayStrategy() {
            @Override
            public void readState(DataInput in) throws IOException {
                super.readState(in);
                replay.clear();
            }
        }, List.of())::aRestoredStrategyTrainsTheNextTaskLikeTheOriginal);
    }

    @Test
    void aBadNameFails() {
        fails(strategyContract(() -> new ReplayStrategy() {
            @Override
            public String providerName() {
                return "Replay First";
            }
        }, List.of())::theTestModelIsAcceptedAndTheNameIsValid);
    }

    @Test
    void aStrategyThatAcceptsEverythingFails() {
        fails(strategyContract(() -> new ReplayStrategy() {
            @Override
            public void checkCompatible(Model model) {
            }
        }, List.of(ReplayStrategyContractTest.plainModel()))::modelsItCannotWorkWithAreRefusedNamingBoth);
    }
}
