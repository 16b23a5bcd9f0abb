package dev.engram.api.learn;

import dev.engram.api.Model;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Several strategies in one run, e.g. rehearsal together with EWC ({@code --strategy rehearsal+ewc}). The parts
 * are put in hook order by their {@link Strategy.Role} (a stable sort, so parts of one role keep the order
 * given): replay first, then regularisers, then the others, then the projection. Every hook calls the parts in
 * that order — {@code augmentBatch} chains (each part augments what the one before returned), penalties add up,
 * gradient and update adjustments apply one after another, so the projection sees the final gradient — except
 * {@code afterTask}, which runs in reverse order, the way JUnit runs "after" callbacks of its extensions.
 * State is each part's state in hook order, each framed by its length so that a part that reads less or more
 * than it wrote is caught.
 *
 * @since 0.2
 */
public final class CompositeStrategy implements Strategy {
    private final String name;
    private final List<Strategy> parts;

    /**
     * Composes {@code parts}, sorted into hook order.
     *
     * @param parts at least two strategies, with distinct provider names (the list is copied)
     * @throws IllegalArgumentException when fewer than two are given, one is given twice, one refuses to be
     *                                  combined ({@link Strategy#whyNotCombinable()}), or two project
     */
    public CompositeStrategy(List<? extends Strategy> parts) {
        if (parts == null || parts.size() < 2) {
            throw new IllegalArgumentException("a composed strategy needs at least two strategies; got "
                    + (parts == null ? 0 : parts.size()));
        }
        Set<String> seen = new HashSet<>();
        String projection = null;
        for (Strategy s : parts) {
            if (!seen.add(s.providerName())) {
                throw new IllegalArgumentException("strategy '" + s.providerName() + "' is given twice in a composition");
            }
            String why = s.whyNotCombinable();
            if (why != null) {
                throw new IllegalArgumentException("strategy '" + s.providerName() + "' cannot be combined: " + why);
            }
            if (s.role() == Role.PROJECTION) {
                if (projection != null) {
                    throw new IllegalArgumentException("strategies '" + projection + "' and '" + s.providerName()
                            + "' both project the gradient; a composition takes at most one projection (the second"
                            + " would undo the first one's guarantee)");
                }
                projection = s.providerName();
            }
        }
        List<Strategy> ordered = new ArrayList<>(parts);
        ordered.sort(Comparator.comparing(Strategy::role));
        this.parts = List.copyOf(ordered);
        this.name = String.join("+", this.parts.stream().map(Strategy::providerName).toList());
    }

    /** The parts' names joined by {@code +}, in hook order. */
    @Override
    public String providerName() {
        return name;
    }

    /**
     * The parts in hook order.
     *
     * @return the parts, unmodifiable
     */
    public List<Strategy> parts() {
        return parts;
    }

    /** The composition's role is that of its last part (a projection when it has one). */
    @Override
    public Role role() {
        return parts.get(parts.size() - 1).role();
    }

    @Override
    public String whyNotCombinable() {
        return "it is a composition already; list every part in one composition";
    }

    @Override
    public void checkCompatible(Model model) {
        for (Strategy s : parts) {
            s.checkCompatible(model);
        }
    }

    @Override
    public void beforeTask(TrainingContext ctx) {
        for (Strategy s : parts) {
            try {
                s.beforeTask(ctx);
            } catch (RuntimeException e) {
                throw StrategyException.of(s, "beforeTask", ctx, e);
            }
        }
    }

    @Override
    public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
        List<Item> b = batch;
        for (Strategy s : parts) {
            try {
                b = s.augmentBatch(ctx, b);
            } catch (RuntimeException e) {
                throw StrategyException.of(s, "augmentBatch", ctx, e);
            }
            if (b == null) {
                throw StrategyException.of(s, "augmentBatch", ctx,
                        new NullPointerException("augmentBatch returned null instead of a list of items"));
            }
        }
        return b;
    }

    @Override
    public double addPenalty(TrainingContext ctx, float[] params, float[] grad) {
        double total = 0;
        for (Strategy s : parts) {
            try {
                total += s.addPenalty(ctx, params, grad);
            } catch (RuntimeException e) {
                throw StrategyException.of(s, "addPenalty", ctx, e);
            }
        }
        return total;
    }

    @Override
    public void adjustGradient(TrainingContext ctx, float[] grad) {
        for (Strategy s : parts) {
            try {
                s.adjustGradient(ctx, grad);
            } catch (RuntimeException e) {
                throw StrategyException.of(s, "adjustGradient", ctx, e);
            }
        }
    }

    @Override
    public void adjustUpdate(TrainingContext ctx, float[] delta) {
        for (Strategy s : parts) {
            try {
                s.adjustUpdate(ctx, delta);
            } catch (RuntimeException e) {
                throw StrategyException.of(s, "adjustUpdate", ctx, e);
            }
        }
    }

    @Override
    public void afterStep(TrainingContext ctx, float[] lossGrad, float[] delta) {
        for (Strategy s : parts) {
            try {
                s.afterStep(ctx, lossGrad, delta);
            } catch (RuntimeException e) {
                throw StrategyException.of(s, "afterStep", ctx, e);
            }
        }
    }

    @Override
    public void afterTask(TrainingContext ctx) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).afterTask(ctx);
            } catch (RuntimeException e) {
                throw StrategyException.of(parts.get(i), "afterTask", ctx, e);
            }
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(parts.size());
        for (Strategy s : parts) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(bytes)) {
                s.writeState(d);
            }
            out.writeUTF(s.providerName());
            out.writeInt(bytes.size());
            out.write(bytes.toByteArray());
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        int count = in.readInt();
        if (count != parts.size()) {
            throw new IOException("composed strategy state holds " + count + " parts; '" + name + "' has "
                    + parts.size());
        }
        for (Strategy s : parts) {
            String part = in.readUTF();
            if (!part.equals(s.providerName())) {
                throw new IOException("composed strategy state holds part '" + part + "' where '" + name
                        + "' has '" + s.providerName() + "'");
            }
            int length = in.readInt();
            if (length < 0 || length > 1 << 30) {
                throw new IOException("composed strategy state of '" + part + "' has length " + length);
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            ByteArrayInputStream bin = new ByteArrayInputStream(bytes);
            s.readState(new DataInputStream(bin));
            if (bin.available() != 0) {
                throw new IOException("strategy '" + part + "' read " + (length - bin.available()) + " of the "
                        + length + " bytes of its state");
            }
        }
    }
}
