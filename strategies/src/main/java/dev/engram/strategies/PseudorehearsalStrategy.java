package dev.engram.strategies;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.TrainingContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pseudorehearsal (Robins 1995; Robins &amp; McCallum 1998 for Hopfield-type networks): no stored data. Before
 * each task after the first, random states are relaxed through the current network to its attractors; the
 * attractors become pseudo-items that stand in for what the network knows, and are rehearsed with the new task.
 * <p>
 * Generation, for each candidate: a uniformly random ±1 state is relaxed with {@link BipolarMemory#recallInto}
 * (the model's own recall dynamics, only the trained neurons of the task's items free); the recall is repeated
 * on its own output, at most {@code relaxation-steps} times, until it reports convergence or the state stops
 * changing. The state is kept
 * only if it is stable (a fixed point: every free neuron's field agrees with its sign, ties counting as -1), and
 * is neither a duplicate nor the negation of a pseudo-item already kept. Candidates are drawn until {@code count}
 * pseudo-items are kept or {@code attempts * count} candidates were tried. The set is regenerated at each task.
 * <p>
 * A trained model gets pseudo-items mixed into each batch like rehearsal (replay-fraction of the batch size); a
 * storage-only model stores its pseudo-items again (replay-fraction of them) along with the new items.
 */
public final class PseudorehearsalStrategy implements Strategy {
    /** The provider name. */
    public static final String NAME = "pseudorehearsal";
    private static final int VERSION = 1;

    private final int count;
    private final int relaxationSteps;
    private final double replayFraction;
    private final int attempts;
    private List<Item> pseudoItems = List.of();
    private int rejectedUnstable;
    private int rejectedDuplicate;

    public PseudorehearsalStrategy(int count, int relaxationSteps, double replayFraction, int attempts) {
        if (count < 1 || relaxationSteps < 1 || attempts < 1) {
            throw new IllegalArgumentException("pseudorehearsal needs count, relaxation-steps and attempts >= 1, got "
                    + count + ", " + relaxationSteps + ", " + attempts);
        }
        this.count = count;
        this.relaxationSteps = relaxationSteps;
        this.replayFraction = replayFraction;
        this.attempts = attempts;
    }

    @Override
    public String providerName() {
        return NAME;
    }

    @Override
    public Role role() {
        return Role.REPLAY;
    }

    @Override
    public void checkCompatible(Model model) {
        StrategySupport.requireBipolar(model, NAME, "to relax random states to the network's attractors");
    }

    /** The current pseudo-items. */
    public List<Item> pseudoItems() {
        return pseudoItems;
    }

    /** Candidates rejected in the last generation as unstable, and as duplicates or negations. */
    public int[] rejected() {
        return new int[] {rejectedUnstable, rejectedDuplicate};
    }

    @Override
    public void beforeTask(TrainingContext ctx) {
        if (ctx.taskIndex() == 0) {
            pseudoItems = List.of();
            return;
        }
        pseudoItems = generate((BipolarMemory) ctx.model(), ctx.items().get(0).trained(), ctx);
    }

    private List<Item> generate(BipolarMemory memory, NeuronMask free, TrainingContext ctx) {
        int n = memory.dimension();
        RecallWorkspace ws = memory.newWorkspace();
        long[] a = new long[BipolarPattern.wordsFor(n)];
        long[] b = new long[a.length];
        NeuronMask fieldsOf = free == null ? NeuronMask.all(n) : free;
        float[] fields = new float[fieldsOf.count()];
        Set<BipolarPattern> kept = new HashSet<>();
        List<Item> out = new ArrayList<>();
        rejectedUnstable = 0;
        rejectedDuplicate = 0;
        for (long tries = 0; out.size() < count && tries < (long) attempts * count; tries++) {
            long[] start = BipolarPattern.random(n, ctx.random()).words();
            System.arraycopy(start, 0, a, 0, a.length);
            boolean settled = false;
            for (int s = 0; s < relaxationSteps && !settled; s++) {
                memory.recallInto(a, b, free, ws);
                settled = ws.converged() || Arrays.equals(a, b);
                System.arraycopy(b, 0, a, 0, a.length);
            }
            BipolarPattern state = BipolarPattern.fromWords(a, n);
            if (!settled || !stable(memory, state, fieldsOf, fields)) {
                rejectedUnstable++;
                continue;
            }
            if (kept.contains(state) || kept.contains(state.negate())) {
                rejectedDuplicate++;
                continue;
            }
            kept.add(state);
            out.add(new Item(state, free));
        }
        return List.copyOf(out);
    }

    private static boolean stable(BipolarMemory memory, BipolarPattern state, NeuronMask neurons, float[] fields) {
        memory.fields(state, neurons, fields);
        for (int j = 0; j < fields.length; j++) {
            int next = fields[j] > 0 ? 1 : -1;
            if (next != state.get(neurons.neuron(j))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
        if (pseudoItems.isEmpty()) {
            return batch;
        }
        boolean trained = ctx.trainable() != null;
        int r = trained ? StrategySupport.replayCount(0, replayFraction, batch.size())
                : (int) Math.round(replayFraction * pseudoItems.size());
        if (r == 0) {
            return batch;
        }
        List<Item> out = new ArrayList<>(batch.size() + r);
        out.addAll(batch);
        out.addAll(StrategySupport.sample(pseudoItems, r, ctx.random()));
        return out;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        // pseudo-items are regenerated from the network at each task: nothing to carry between tasks
        StrategySupport.writeHeader(out, NAME, VERSION);
    }

    @Override
    public void readState(DataInput in) throws IOException {
        StrategySupport.readHeader(in, NAME, VERSION);
        pseudoItems = List.of();
    }
}
