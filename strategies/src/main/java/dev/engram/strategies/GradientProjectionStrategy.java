package dev.engram.strategies;

import dev.engram.api.Model;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import dev.engram.api.param.ParamSpec;
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
 * normalisation included), after cutting it to the change the model will really make
 * ({@link TrainableModel#constrainUpdate}: the DAM's clamp to [-1, 1]). The references are, with
 * {@code reference=step} (default), put through the same transformation without momentum,
 * {@code r_k = stepDirection(g_k)} ({@link TrainableModel#stepDirection}: for the DAM the per-memory
 * max-normalised step of {@code g_k}; for a model with no normaliser {@code -g_k}), so that the projected change
 * satisfies {@code ⟨d̃, r_k⟩ ≥ 0}: it does not oppose the step each old task would take on its own; with
 * {@code reference=gradient} they are {@code r_k = -g_k}, so that {@code ⟨d̃, g_k⟩ ≤ 0}: to first order the
 * change does not increase any old task's loss. Because the model then cuts the change at its bounds, the
 * projection is onto the changes that satisfy the constraints <em>and</em> stay within the bounds: the closest
 * such change has the form {@code cut(d + Σ_k u_k r_k)} with {@code u ≥ 0} (the box is separable), A-GEM finds
 * its one multiplier by bisection, GEM its multipliers by projected dual ascent from the unbounded solution. If
 * no feasible change is found to within rounding, the step is dropped (a zero change satisfies every
 * constraint). The momentum buffer keeps the unprojected gradient.
 */
public abstract class GradientProjectionStrategy implements Strategy {
    private static final int VERSION = 1;

    /** Parameter shared by {@code gem} and {@code agem}: episodic memory per finished task. */
    static final ParamSpec MEMORY_PER_TASK = ParamSpec.ofInt("memory-per-task", 32, 1, 10_000_000,
            "items of each finished task kept in the episodic memory");

    /** Parameter shared by {@code gem} and {@code agem}: where the projection acts. */
    static final ParamSpec PROJECTION = ParamSpec.ofChoice("projection", "before", List.of("before", "after"),
            "project the loss gradient before the model's optimiser, or the change it produced after it");

    /** Parameter shared by {@code gem} and {@code agem}: what the references are when projecting after. */
    static final ParamSpec REFERENCE = ParamSpec.ofChoice("reference", "step", List.of("step", "gradient"),
            "projection=after: references are the model's own step for each memory gradient, or the negated gradients");

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
    private boolean stepReferences = true;
    /** Episodic memory, one list per finished task. */
    protected final List<List<Item>> memories = new ArrayList<>();
    private long steps;
    private long projected;
    private long dropped;

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

    @Override
    public final Role role() {
        return Role.PROJECTION;
    }

    public Projection projection() {
        return projection;
    }

    /**
     * With {@code projection=after}: references as the model's step for each memory gradient ({@code true},
     * default) or as the negated memory gradients ({@code false}).
     */
    public GradientProjectionStrategy stepReferences(boolean on) {
        this.stepReferences = on;
        return this;
    }

    @Override
    public void checkCompatible(Model model) {
        StrategySupport.requireTrainable(model, name, "loss gradients on its episodic memory to project the update");
    }

    @Override
    public void adjustGradient(TrainingContext ctx, float[] grad) {
        if (projection == Projection.BEFORE && !memories.isEmpty()) {
            float[][] refs = references(ctx, false);
            count(projectOnto(grad, refs));
        }
    }

    @Override
    public void adjustUpdate(TrainingContext ctx, float[] delta) {
        if (projection != Projection.AFTER || memories.isEmpty()) {
            return;
        }
        TrainableModel model = ctx.trainable();
        float[][] refs = references(ctx, stepReferences);
        if (!stepReferences) {
            for (float[] r : refs) {
                for (int i = 0; i < r.length; i++) {
                    r[i] = -r[i];
                }
            }
        }
        boolean did = projectWithinBounds(model, delta, refs);
        model.constrainUpdate(delta);
        if (violates(delta, refs)) {
            java.util.Arrays.fill(delta, 0f);
            dropped++;
        }
        count(did);
    }

    /** Steps dropped in {@code projection=after} because no feasible projected change was found. */
    public long droppedSteps() {
        return dropped;
    }

    static boolean violates(float[] v, float[][] refs) {
        double vn = Math.sqrt(StrategySupport.dot(v, v));
        for (float[] r : refs) {
            if (StrategySupport.dot(v, r) < -1e-6 * vn * Math.sqrt(StrategySupport.dot(r, r))) {
                return true;
            }
        }
        return false;
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
     * The reference directions for this step: memory loss gradients, or (when {@code asStep}) their
     * {@link TrainableModel#stepDirection}.
     */
    protected abstract float[][] references(TrainingContext ctx, boolean asStep);

    /** Projects {@code v} in place so that {@code ⟨v, refs[k]⟩ ≥ 0} for every k; returns whether it changed. */
    protected abstract boolean projectOnto(float[] v, float[][] refs);

    /**
     * Projects the change {@code delta} in place so that the change the model really makes (as
     * {@link TrainableModel#constrainUpdate} cuts it) has {@code ⟨d, refs[k]⟩ ≥ 0} for every k; returns whether it
     * changed.
     */
    protected abstract boolean projectWithinBounds(TrainableModel model, float[] delta, float[][] refs);

    /** {@code y} cut by the model's constraints, into {@code out}. */
    static void cut(TrainableModel model, float[] y, float[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        model.constrainUpdate(out);
    }

    /** The reference direction of {@code items}: their loss gradient, or its step direction when {@code asStep}. */
    protected static float[] reference(TrainableModel model, List<Item> items, boolean asStep) {
        float[] g = new float[model.parameterCount()];
        model.lossAndGradient(items, g);
        if (!asStep) {
            return g;
        }
        float[] out = new float[g.length];
        model.stepDirection(g, out);
        return out;
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
