package com.example.engram;

import dev.engram.api.Model;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.util.List;

/** A provider whose parameters() returns null: the integration test packs it into a faulty plugin jar. */
public final class NullParametersModelProvider implements ModelProvider {
    @Override
    public String name() {
        return "null-parameters";
    }

    @Override
    public String description() {
        return "declares its parameters as null";
    }

    @Override
    public List<ParamSpec> parameters() {
        return null;
    }

    @Override
    public Model create(ModelContext context) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Model read(ModelContext context, DataInput in) {
        throw new UnsupportedOperationException();
    }
}
