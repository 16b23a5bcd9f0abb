package dev.engram.cli.testplugins;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainingContext;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/**
 * A strategy plugin whose hook {@code hook} throws an IllegalStateException in task {@code task} (1-based); the CLI
 * tests put it in a plugins folder (it is not registered on the test class path).
 */
public final class ThrowingStrategyProvider implements StrategyProvider {
    static final List<String> HOOKS = List.of("beforeTask", "augmentBatch", "addPenalty", "adjustGradient",
            "adjustUpdate", "afterStep", "afterTask");

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public String description() {
        return "throws from one hook (a test of the trainer's guard)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.ofChoice("hook", "afterTask", HOOKS, "the hook that throws"),
                ParamSpec.ofInt("task", 2, 1, 100, "the task (from 1) in which it throws"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        return new Throwing(context.params().getString("hook"), context.params().getInt("task") - 1);
    }

    /** The strategy. */
    public static final class Throwing implements Strategy {
        private final String hook;
        private final int task;

        Throwing(String hook, int task) {
            this.hook = hook;
            this.task = task;
        }

        @Override
        public String providerName() {
            return "throwing";
        }

        private void maybeThrow(TrainingContext ctx, String at) {
            if (at.equals(hook) && ctx.taskIndex() == task) {
                throw new IllegalStateException("thrown by " + at + " on purpose");
            }
        }

        @Override
        public void beforeTask(TrainingContext ctx) {
            maybeThrow(ctx, "beforeTask");
        }

        @Override
        public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
            maybeThrow(ctx, "augmentBatch");
            return batch;
        }

        @Override
        public double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
            maybeThrow(ctx, "addPenalty");
            return 0;
        }

        @Override
        public void adjustGradient(TrainingContext ctx, float[] grad) {
            maybeThrow(ctx, "adjustGradient");
        }

        @Override
        public void adjustUpdate(TrainingContext ctx, float[] delta) {
            maybeThrow(ctx, "adjustUpdate");
        }

        @Override
        public void afterStep(TrainingContext ctx, float[] lossGrad, float[] delta) {
            maybeThrow(ctx, "afterStep");
        }

        @Override
        public void afterTask(TrainingContext ctx) {
            maybeThrow(ctx, "afterTask");
        }
    }
}
