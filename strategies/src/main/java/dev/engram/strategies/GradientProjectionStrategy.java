package dev.engram.strategies;

import dev.engram.api.Model;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What GEM and A-GEM share: an episodic memory of {@code memory-per-task} random items of each finished task,
 * reference gradients computed from it at every step, and the choice of where the projection acts.
 * <p>
 * {@code projection=before}: in {@link #adjustGradient}, on the loss gradient {@code g} (penalties included)
 * before the model's optimiser sees it; the references are the memories' loss gradients {@code g_k}; the
 * projected {@code g̃} satisfies {@code ⟨g̃, g_k⟩ ≥ 0}. The optimiser (for the DAM: momentum, then the per-memory
 * max-normalised step) then turns {@code g̃} into the change, which may again conflict with a reference.
 * <p>
 * {@code projection=after}: in {@link #adjustUpdate}, on the change {@code d} the optimiser produced (momentum and
 * normalisation included); the references are put through the same transformation without momentum,
 * {@code r_k = stepDirection(g_k)} ({@link TrainableModel#stepDirection}: for the DAM the per-memory
 * max-normalised step of {@code g_k}; for a model with no normaliser {@code -g_k}); the projected change
 * satisfies {@code ⟨d̃, r_k⟩ ≥ 0}, i.e. it agrees with the step each old task would take on its own. The
 * momentum buffer keeps the unprojected gradient.
 */
public abstract class GradientProjectionStrategy implements Strategy {
    private static final int VERSION = 1;

    /** Where the projection acts. */
    public enum Projection {
        BEFORE("before"), AFTER("after");

        private final String id;

        Projection(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        static Projection of(String id) {
            for (Projection p : values()) {
                if (p.id.equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("projection '" + id + "'; accepted: before, after");
        }
    }

    private final String name;
    private final int memoryPerTask;
    private final Projection projection;
    /** Episodic memory, one list per finished task. */
    protected final List<List<Item>> memories = new ArrayList<>();
    private long steps;
    private long projected;

    protected GradientProjectionStrategy(String name, int memoryPerTask, Projection projection) {
        if (memoryPerTask < 1) {
            throw new IllegalArgumentException("strategy '" + name + "' memory-per-task is " + memoryPerTask
                    + "; accepted: at least 1");
        }
        this.name = name;
        this.memoryPerTask = memoryPerTask;
        this.projection = projection;
    }

    @Override
    public final String providerName() {
        return name;
    }

    public Projection projection() {
        return projection;
    }

    @Override
    public void checkCompatible(Model model) {
        StrategySupport.requireTrainable(model, name, "loss gradients on its episodic memory to project the update");
    }

    @Override
    public void adjustGradient(TrainingContext ctx, float[] grad) {
        if (projection == Projection.BEFORE && !memories.isEmpty()) {
            count(project(ctx, grad, false));
        }
    }

    @Override
    public void adjustUpdate(TrainingContext ctx, float[] delta) {
        if (projection == Projection.AFTER && !memories.isEmpty()) {
            count(project(ctx, delta, true));
        }
    }

    private void count(boolean didProject) {
        steps++;
        if (didProject) {
            projected++;
        }
    }

    /** Steps seen with a non-empty memory, and how many of them were projected (since creation). */
    public long[] projectionCounts() {
        return new long[] {steps, projected};
    }

    /**
     * Projects {@code v} (a gradient when {@code asStep} is false, else an optimiser change) in place; returns
     * whether it changed.
     */
    protected abstract boolean project(TrainingContext ctx, float[] v, boolean asStep);

    /** The reference direction of {@code items}: their loss gradient, or its step direction when {@code asStep}. */
    protected static void reference(TrainableModel model, List<Item> items, boolean asStep, float[] out, float[] tmp) {
        if (asStep) {
            model.lossAndGradient(items, tmp);
            model.stepDirection(tmp, out);
        } else {
            model.lossAndGradient(items, out);
        }
    }

    @Override
    public void afterTask(TrainingContext ctx) {
        memories.add(List.copyOf(StrategySupport.sample(ctx.items(), memoryPerTask, ctx.random())));
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        StrategySupport.writeHeader(out, name, VERSION);
        out.writeInt(memories.size());
        for (List<Item> m : memories) {
            StrategySupport.writeItems(out, m);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        StrategySupport.readHeader(in, name, VERSION);
        int t = in.readInt();
        if (t < 0 || t > 1 << 20) {
            throw new IOException("strategy '" + name + "' state holds " + t + " task memories");
        }
        List<List<Item>> read = new ArrayList<>();
        for (int k = 0; k < t; k++) {
            read.add(StrategySupport.readItems(in, name + " memory of task " + k));
        }
        memories.clear();
        memories.addAll(read);
    }
}
