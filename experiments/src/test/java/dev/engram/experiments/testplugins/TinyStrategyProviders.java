package dev.engram.experiments.testplugins;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainingContext;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.ArrayList;
import java.util.List;

/** Test-only strategies: {@code test-noop} (nothing) and {@code test-replay} (replays every earlier item). */
public final class TinyStrategyProviders {
    private TinyStrategyProviders() {
    }

    public static final class Noop implements StrategyProvider {
        @Override
        public String name() {
            return "test-noop";
        }

        @Override
        public String description() {
            return "test-only strategy that does nothing";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.ofDouble("weight", 1, 0, 100, "unused test parameter"));
        }

        @Override
        public Strategy create(StrategyContext c) {
            return () -> "test-noop";
        }
    }

    public static final class Replay implements StrategyProvider {
        @Override
        public String name() {
            return "test-replay";
        }

        @Override
        public String description() {
            return "test-only strategy that replays every earlier item";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of();
        }

        @Override
        public Strategy create(StrategyContext c) {
            return new Strategy() {
                final List<Item> old = new ArrayList<>();

                @Override
                public String providerName() {
                    return "test-replay";
                }

                @Override
                public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
                    if (old.isEmpty()) {
                        return batch;
                    }
                    List<Item> b = new ArrayList<>(batch);
                    for (int i = 0; i < batch.size(); i++) {
                        b.add(old.get(ctx.random().nextInt(old.size())));
                    }
                    return b;
                }

                @Override
                public void afterTask(TrainingContext ctx) {
                    old.addAll(ctx.items());
                }
            };
        }
    }

    /** {@code test-fail}: throws when task {@code fail-at} begins (to test interrupted runs). */
    public static final class Fail implements StrategyProvider {
        @Override
        public String name() {
            return "test-fail";
        }

        @Override
        public String description() {
            return "test-only strategy that fails at a given task";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.ofInt("fail-at", 100, 0, 100, "index of the task that fails (default: none in practice)"));
        }

        @Override
        public Strategy create(StrategyContext c) {
            int at = c.params().getInt("fail-at");
            return new Strategy() {
                @Override
                public String providerName() {
                    return "test-fail";
                }

                @Override
                public void beforeTask(TrainingContext ctx) {
                    if (ctx.taskIndex() == at) {
                        throw new IllegalStateException("test-fail: simulated crash at task " + at);
                    }
                }
            };
        }
    }
}
