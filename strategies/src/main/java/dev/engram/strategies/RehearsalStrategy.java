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
import java.util.random.RandomGenerator;

/**
 * Rehearsal (Robins 1995): a bounded buffer of earlier tasks' items, a random selection of which is mixed into
 * every batch of the current task. Items enter the buffer when their task ends, so a task is never replayed
 * while it is being learned. Two buffer policies:
 * <ul>
 *   <li>{@code per-task-balanced}: after task t the buffer holds {@code size / (t+1)} items of each task seen
 *   (the remainder going to the earliest tasks); earlier tasks' shares shrink by dropping items.</li>
 *   <li>{@code reservoir}: reservoir sampling over the stream of all items seen, each seen item being in the
 *   buffer with equal probability.</li>
 * </ul>
 * For a storage-only model the replayed items are stored again along with the new task's items.
 */
public final class RehearsalStrategy implements Strategy {
    /** The provider name. */
    public static final String NAME = "rehearsal";
    private static final int VERSION = 1;

    /** The buffer policies. */
    public enum Policy {
        PER_TASK_BALANCED("per-task-balanced"), RESERVOIR("reservoir");

        private final String id;

        Policy(String id) {
            this.id = id;
        }

        /** The parameter value naming it. */
        public String id() {
            return id;
        }

        static Policy of(String id) {
            for (Policy p : values()) {
                if (p.id.equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("rehearsal policy '" + id + "'; accepted: per-task-balanced, reservoir");
        }
    }

    private final int capacity;
    private final Policy policy;
    private final double replayFraction;
    private final int replayCount;
    /** Buffered items per task (per-task-balanced), or one list (reservoir). */
    private final List<List<Item>> perTask = new ArrayList<>();
    private final List<Item> reservoir = new ArrayList<>();
    private long seen;

    public RehearsalStrategy(int capacity, Policy policy, double replayFraction, int replayCount) {
        if (capacity < 1) {
            throw new IllegalArgumentException("rehearsal buffer-size is " + capacity + "; accepted: at least 1");
        }
        this.capacity = capacity;
        this.policy = policy;
        this.replayFraction = replayFraction;
        this.replayCount = replayCount;
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
        // works with any model the trainer accepts: replayed items are trained on or stored again
    }

    /** The buffered items (all tasks). */
    public List<Item> buffer() {
        if (policy == Policy.RESERVOIR) {
            return List.copyOf(reservoir);
        }
        List<Item> all = new ArrayList<>();
        perTask.forEach(all::addAll);
        return all;
    }

    @Override
    public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
        List<Item> buf = buffer();
        if (buf.isEmpty()) {
            return batch;
        }
        int size = ctx.trainable() != null ? batch.size() : ctx.items().size();
        int r = StrategySupport.replayCount(replayCount, replayFraction, size);
        if (r == 0) {
            return batch;
        }
        List<Item> out = new ArrayList<>(batch.size() + r);
        out.addAll(batch);
        out.addAll(StrategySupport.sample(buf, r, ctx.random()));
        return out;
    }

    @Override
    public void afterTask(TrainingContext ctx) {
        RandomGenerator rng = ctx.random();
        if (policy == Policy.RESERVOIR) {
            for (Item it : ctx.items()) {
                seen++;
                if (reservoir.size() < capacity) {
                    reservoir.add(it);
                } else {
                    long j = rng.nextLong(seen);
                    if (j < capacity) {
                        reservoir.set((int) j, it);
                    }
                }
            }
            return;
        }
        int tasks = perTask.size() + 1;
        for (int t = 0; t < perTask.size(); t++) {
            List<Item> l = perTask.get(t);
            int quota = quota(t, tasks);
            while (l.size() > quota) {
                l.remove(l.size() - 1); // the list is in random order: dropping the tail drops a random subset
            }
        }
        perTask.add(new ArrayList<>(StrategySupport.sample(ctx.items(), quota(tasks - 1, tasks), rng)));
    }

    private int quota(int task, int tasks) {
        return capacity / tasks + (task < capacity % tasks ? 1 : 0);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        StrategySupport.writeHeader(out, NAME, VERSION);
        out.writeLong(seen);
        StrategySupport.writeItems(out, reservoir);
        out.writeInt(perTask.size());
        for (List<Item> l : perTask) {
            StrategySupport.writeItems(out, l);
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        StrategySupport.readHeader(in, NAME, VERSION);
        long s = in.readLong();
        List<Item> res = StrategySupport.readItems(in, "rehearsal reservoir");
        int tasks = in.readInt();
        if (s < 0 || tasks < 0 || tasks > 1 << 20) {
            throw new IOException("rehearsal state is corrupt: " + s + " items seen, " + tasks + " tasks");
        }
        List<List<Item>> per = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            per.add(new ArrayList<>(StrategySupport.readItems(in, "rehearsal buffer of task " + t)));
        }
        seen = s;
        reservoir.clear();
        reservoir.addAll(res);
        perTask.clear();
        perTask.addAll(per);
    }
}
