package com.example.engram;

import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.util.List;

/** A provider that throws in its constructor: the integration test packs it into a broken plugin jar. */
public final class ThrowingStrategyProvider implements StrategyProvider {
    public ThrowingStrategyProvider() {
        throw new IllegalStateException("misconfigured on purpose");
    }

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public String description() {
        return "never constructed";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of();
    }

    @Override
    public Strategy create(StrategyContext context) {
        throw new UnsupportedOperationException();
    }
}
