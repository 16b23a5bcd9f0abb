package dev.engram.strategies;

import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The common shape of EWC, SI and MAS: at the end of each task an importance {@code Ω_i >= 0} is computed for
 * every parameter, the parameters are remembered as an anchor {@code θ*}, and later tasks are trained with the
 * quadratic penalty
 * <pre>  strength/2 · Σ_anchors Σ_i Ω_i (θ_i − θ*_i)²</pre>
 * whose gradient {@code strength · Ω_i (θ_i − θ*_i)} is added to the loss gradient (in {@link #addPenalty}).
 * <p>
 * Two ways to consolidate: {@code separate} keeps one (importance, anchor) pair per finished task (the penalty
 * sums over them, EWC as first published); {@code online} keeps one pair, {@code Ω ← γ Ω + Ω_task} and the
 * anchor replaced by the parameters at the end of the latest task (online EWC; with γ = 1 the running sum SI and
 * MAS use). With {@code normalise} each task's importance is divided by its largest entry before it is
 * consolidated, so that the strength is relative to the most important parameter (equivalent to a per-task
 * strength {@code strength / max_i Ω_i}); useful where importances vanish, e.g. the Fisher of a DAM whose tanh
 * outputs are saturated. A new importance measure only implements {@link #taskImportance}.
 */
public abstract class ImportancePenaltyStrategy implements Strategy {
    private static final int VERSION = 1;

    /** How successive tasks' importances are kept. */
    public enum Mode {
        SEPARATE("separate"), ONLINE("online");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Mode of(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("mode '" + id + "'; accepted: separate, online");
        }
    }

    private final String name;
    private final double strength;
    private final Mode mode;
    private final double gamma;
    private boolean normalise;
    private final List<float[]> importances = new ArrayList<>();
    private final List<float[]> anchors = new ArrayList<>();

    protected ImportancePenaltyStrategy(String name, double strength, Mode mode, double gamma) {
        if (!(strength >= 0) || !(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("strategy '" + name + "' needs strength >= 0 and gamma in [0, 1], got "
                    + strength + " and " + gamma);
        }
        this.name = name;
        this.strength = strength;
        this.mode = mode;
        this.gamma = gamma;
    }

    /** Divide each task's importance by its largest entry (see the class comment). */
    public ImportancePenaltyStrategy normalise(boolean on) {
        this.normalise = on;
        return this;
    }

    @Override
    public final String providerName() {
        return name;
    }

    @Override
    public final Role role() {
        return Role.REGULARISER;
    }

    /** What this strategy computes, for the refusal message of a non-trainable model. */
    protected abstract String needs();

    /**
     * The importance of each parameter for the task just learned (length = parameter count, non-negative),
     * computed at the end of the task with the parameters as they are then.
     */
    protected abstract float[] taskImportance(TrainingContext ctx, TrainableModel model);

    @Override
    public void checkCompatible(Model model) {
        StrategySupport.requireTrainable(model, name, needs());
    }

    @Override
    public double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
        double value = 0;
        for (int k = 0; k < anchors.size(); k++) {
            float[] omega = importances.get(k);
            float[] anchor = anchors.get(k);
            if (omega.length != params.length) {
                throw new IllegalStateException("strategy '" + name + "' holds importances for " + omega.length
                        + " parameters; the model has " + params.length);
            }
            for (int i = 0; i < params.length; i++) {
                double d = params[i] - anchor[i];
                double w = strength * omega[i];
                value += 0.5 * w * d * d;
                grad[i] += (float) (w * d);
            }
        }
        return value;
    }

    @Override
    public void afterTask(TrainingContext ctx) {
        TrainableModel model = ctx.trainable();
        float[] omega = taskImportance(ctx, model);
        if (normalise) {
            float max = 0;
            for (float o : omega) {
                max = Math.max(max, o);
            }
            if (max > 0) {
                for (int i = 0; i < omega.length; i++) {
                    omega[i] /= max;
                }
            }
        }
        float[] anchor = model.parameters().clone();
        if (mode == Mode.SEPARATE || importances.isEmpty()) {
            importances.add(omega);
            anchors.add(anchor);
        } else {
            float[] acc = importances.get(0);
            for (int i = 0; i < acc.length; i++) {
                acc[i] = (float) (gamma * acc[i] + omega[i]);
            }
            anchors.set(0, anchor);
        }
    }

    /** The importances held (one per anchor), for inspection and tests. */
    public List<float[]> importances() {
        return importances.stream().map(float[]::clone).toList();
    }

    /** The anchors held. */
    public List<float[]> anchors() {
        return anchors.stream().map(float[]::clone).toList();
    }

    /** The penalty strength (λ for EWC and MAS, c for SI). */
    public double strength() {
        return strength;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        StrategySupport.writeHeader(out, name, VERSION);
        out.writeInt(anchors.size());
        for (int k = 0; k < anchors.size(); k++) {
            StrategySupport.writeFloats(out, importances.get(k));
            StrategySupport.writeFloats(out, anchors.get(k));
        }
        writeExtraState(out);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        StrategySupport.readHeader(in, name, VERSION);
        int k = in.readInt();
        if (k < 0 || k > 1 << 20 || (mode == Mode.ONLINE && k > 1)) {
            throw new IOException("strategy '" + name + "' state holds " + k + " anchors; mode " + mode.id()
                    + " accepts " + (mode == Mode.ONLINE ? "at most 1" : "any number"));
        }
        List<float[]> om = new ArrayList<>();
        List<float[]> an = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            float[] o = StrategySupport.readFloats(in, name + " importance " + j);
            float[] a = StrategySupport.readFloats(in, name + " anchor " + j);
            if (o == null || a == null || o.length != a.length) {
                throw new IOException("strategy '" + name + "' state: importance and anchor " + j + " differ in length");
            }
            om.add(o);
            an.add(a);
        }
        readExtraState(in);
        importances.clear();
        importances.addAll(om);
        anchors.clear();
        anchors.addAll(an);
    }

    /** Subclasses with state beyond importances and anchors write it here. */
    protected void writeExtraState(DataOutput out) throws IOException {
    }

    /** Reads what {@link #writeExtraState} wrote. */
    protected void readExtraState(DataInput in) throws IOException {
    }
}
