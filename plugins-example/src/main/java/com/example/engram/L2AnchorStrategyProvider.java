package com.example.engram;

import com.google.auto.service.AutoService;
import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * {@code l2}: after each task the parameters become an anchor, and later tasks pay
 * {@code λ/2 ‖θ − θ*‖²} — the uniform-importance baseline that EWC, SI and MAS refine. A third-party
 * strategy built on {@code engram-api} alone.
 */
@AutoService(StrategyProvider.class)
public final class L2AnchorStrategyProvider implements StrategyProvider {
    static final String NAME = "l2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "L2 pull towards the parameters after the previous task (uniform importance) [example plugin]";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.ofDouble("lambda", 1.0, 0, 1e9, "penalty strength λ"));
    }

    @Override
    public Strategy create(StrategyContext context) {
        return new L2Anchor(context.params().getDouble("lambda"));
    }

    /** The strategy itself. */
    static final class L2Anchor implements Strategy {
        private final double lambda;
        private float[] anchor;

        L2Anchor(double lambda) {
            this.lambda = lambda;
        }

        @Override
        public String providerName() {
            return NAME;
        }

        /** A penalty: in a composition ({@code rehearsal+l2}) it runs after replay, before any projection. */
        @Override
        public Role role() {
            return Role.REGULARISER;
        }

        @Override
        public void checkCompatible(Model model) {
            if (!(model instanceof TrainableModel)) {
                throw new IllegalArgumentException("strategy 'l2' needs a model trained by gradient descent; model '"
                        + model.providerName() + "' is not (try a trained 'dam', or strategy 'naive')");
            }
        }

        @Override
        public double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
            if (anchor == null) {
                return 0;
            }
            double penalty = 0;
            for (int i = 0; i < params.length; i++) {
                double d = params[i] - anchor[i];
                penalty += d * d;
                grad[i] += (float) (lambda * d);
            }
            return 0.5 * lambda * penalty;
        }

        @Override
        public void afterTask(TrainingContext ctx) {
            anchor = ctx.trainable().parameters().clone();
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(anchor == null ? -1 : anchor.length);
            if (anchor != null) {
                for (float v : anchor) {
                    out.writeFloat(v);
                }
            }
        }

        @Override
        public void readState(DataInput in) throws IOException {
            int len = in.readInt();
            if (len < -1) {
                throw new IOException("l2 state has a negative anchor length " + len);
            }
            anchor = len < 0 ? null : new float[len];
            for (int i = 0; i < len; i++) {
                anchor[i] = in.readFloat();
            }
        }

        float[] anchor() {
            return anchor;
        }
    }
}
