package com.example.engram;

import com.google.auto.service.AutoService;
import dev.engram.api.Model;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * {@code sparse-hopfield}: a low-activity Hopfield network with the covariance rule (Tsodyks &amp;
 * Feigel'man 1988). A third-party model built on {@code engram-api} alone.
 */
@AutoService(ModelProvider.class)
public final class SparseHopfieldProvider implements ModelProvider {
    static final String NAME = "sparse-hopfield";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "low-activity Hopfield network, covariance rule (Tsodyks & Feigel'man 1988) [example plugin]";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(
                ParamSpec.ofDouble("activity", 0.1, 0.001, 0.5, "expected fraction of +1 components in stored patterns (a)"),
                ParamSpec.ofDouble("threshold", 0.4, -2, 2, "firing threshold; 0.5 - activity is optimal"),
                ParamSpec.ofInt("max-steps", 50, 1, 10_000, "sweeps over all neurons before recall gives up"));
    }

    @Override
    public Model create(ModelContext context) {
        return new SparseHopfieldModel(context);
    }

    @Override
    public Model read(ModelContext context, DataInput in) throws IOException {
        SparseHopfieldModel m = new SparseHopfieldModel(context);
        m.readState(in);
        return m;
    }
}
