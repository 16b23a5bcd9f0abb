package dev.engram.experiments.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.experiments.io.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimised capacity (the paper's Fig. 3b) at a small budget: what it computes, and its inputs. */
class OptimisedCapacityTest {
    static final KvExperiments EX = KvExperimentsTest.EX;

    static OptimisedCapacity.Config config(int threads, OptimisedCapacity.Start start) {
        return new OptimisedCapacity.Config(new int[] {20, 10}, new int[] {4, 1}, 0.98, 4, 48, 12, 2, 5L, threads, start);
    }

    /** The rules without their wall times. */
    static List<OptimisedCapacity.LearnedRule> withoutTimes(List<OptimisedCapacity.LearnedRule> rules) {
        return rules.stream().map(r -> new OptimisedCapacity.LearnedRule(r.k(), r.n(), r.writeProb(), r.scalars(),
                r.startLoss(), r.simpleLoss(), r.learnedLoss(), r.evaluations(), r.learnedAccuracy(), r.simpleAccuracy(),
                0)).toList();
    }

    @Test
    void theNumbersDoNotDependOnTheThreadCount() {
        OptimisedCapacity oc = new OptimisedCapacity(EX);
        OptimisedCapacity.Result one = oc.run(config(1, OptimisedCapacity.Start.SIMPLE), Progress.quiet());
        OptimisedCapacity.Result two = oc.run(config(2, OptimisedCapacity.Start.SIMPLE), Progress.quiet());
        assertEquals(one.points(), two.points());
        assertEquals(withoutTimes(one.rules()), withoutTimes(two.rules()));
        // k and N sorted; every (k, N) trained once; lines: kv-sequential, then trained and simple per k
        assertEquals(List.of("kv-sequential", "trained p=1/N", "simple p=1/N", "trained p=4/N", "simple p=4/N"), one.labels());
        assertEquals(4, one.rules().size());
        assertEquals(List.of(1, 1, 4, 4), one.rules().stream().map(OptimisedCapacity.LearnedRule::k).toList());
        assertEquals(List.of(10, 20, 10, 20), one.rules().stream().map(OptimisedCapacity.LearnedRule::n).toList());
        assertEquals(10, one.points().size());
        for (OptimisedCapacity.LearnedRule r : one.rules()) {
            assertEquals((double) r.k() / r.n(), r.writeProb());
            // CMA-ES keeps the best point it evaluated, and the start is the first
            assertTrue(r.learnedLoss() <= r.startLoss(), r.toString());
            assertEquals("random", MetaLearning.spec("x", r.scalars(), r.writeProb()).params().get("slots"));
        }
        // the sequential line is the capacity experiment's: about N at N = 20 (at N = 10 four visible components
        // of a query do not single out its slot, and capacity falls to about 3)
        for (KvStudies.Point p : one.points()) {
            if (p.model().equals("kv-sequential") && p.x() == 20) {
                assertTrue(p.mean() >= 0.9 * p.x() && p.mean() <= 1.3 * p.x(), p.toString());
            }
        }
    }

    @Test
    void fromTheSimpleRuleCmaesLearnsWhereFromThePaperStartItStaysFlat() {
        // N = 40, p = 4/N = 0.1 at a reduced budget (the CLI default is 1500 evaluations, 16 episodes)
        MetaLearning ml = new MetaLearning(EX);
        MetaLearning.Result simple = ml.run(new MetaLearning.Config(40, 8, 600, 12, 5, 3, false, 0.1,
                MetaLearning.SIMPLE_EQUIVALENT), l -> { });
        MetaLearning.Result paper = ml.run(new MetaLearning.Config(40, 8, 600, 12, 5, 3, false, 0.1, null), l -> { });
        assertTrue(simple.learnedLoss() < paper.learnedLoss(), "simple start " + simple.learnedLoss() + ", paper start "
                + paper.learnedLoss());
        assertTrue(simple.learnedLoss() < 0.92 * simple.startLoss(), simple.startLoss() + " -> " + simple.learnedLoss());
        // the learned rule recalls at T = N about as well as the simple rule on the same slots
        assertTrue(Math.abs(simple.learnedAccuracy() - simple.simpleAccuracy()) < 0.06,
                simple.learnedAccuracy() + " vs " + simple.simpleAccuracy());
    }

    @Test
    void badSettingsNameTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OptimisedCapacity.Config(
                new int[] {20, 40}, new int[] {1, 32}, 0.98, 4, 48, 12, 2, 1, 1, OptimisedCapacity.Start.SIMPLE));
        assertTrue(e.getMessage().contains("k = 32") && e.getMessage().contains("k <= the smallest N"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OptimisedCapacity.Config(new int[] {20, 20},
                new int[] {1}, 0.98, 4, 48, 12, 2, 1, 1, OptimisedCapacity.Start.SIMPLE));
        assertTrue(e.getMessage().contains("20 twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OptimisedCapacity.Config(new int[] {20},
                new int[] {1}, 1.5, 4, 48, 12, 2, 1, 1, OptimisedCapacity.Start.SIMPLE));
        assertTrue(e.getMessage().contains("theta is 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OptimisedCapacity.Config(new int[] {20},
                new int[] {1}, 0.98, 4, 8, 12, 2, 1, 1, OptimisedCapacity.Start.SIMPLE));
        assertTrue(e.getMessage().contains("evaluations=8"), e.getMessage());
    }
}
