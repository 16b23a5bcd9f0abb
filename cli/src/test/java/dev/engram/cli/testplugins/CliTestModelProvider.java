package dev.engram.cli.testplugins;

import dev.engram.api.Model;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.util.List;

/** A test-only model provider so the CLI listing has something known to show. */
public final class CliTestModelProvider implements ModelProvider {
    @Override
    public String name() {
        return "cli-test-model";
    }

    @Override
    public String description() {
        return "a model that exists only in the CLI tests";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.ofInt("width", 7, 1, 99, "how wide it is"));
    }

    @Override
    public Model create(ModelContext context) {
        throw new UnsupportedOperationException("test provider");
    }

    @Override
    public Model read(ModelContext context, DataInput in) {
        throw new UnsupportedOperationException("test provider");
    }
}
