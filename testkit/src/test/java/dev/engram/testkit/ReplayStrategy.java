package dev.engram.testkit;

import dev.engram.api.BipolarPattern;
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

/** A small correct strategy for the kit's own tests: every batch also replays the first item of each earlier task. */
class ReplayStrategy implements Strategy {
    final List<Item> replay = new ArrayList<>();

    @Override
    public String providerName() {
        return "replay-first";
    }

    @Override
    public void checkCompatible(Model model) {
        if (!(model instanceof TrainableModel)) {
            throw new IllegalArgumentException("strategy 'replay-first' trains by gradient; model '"
                    + model.providerName() + "' is not a TrainableModel");
        }
    }

    @Override
    public List<Item> augmentBatch(TrainingContext ctx, List<Item> batch) {
        if (replay.isEmpty()) {
            return batch;
        }
        List<Item> out = new ArrayList<>(batch);
        out.addAll(replay);
        return out;
    }

    @Override
    public void afterTask(TrainingContext ctx) {
        replay.add(ctx.items().get(0));
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeInt(replay.size());
        for (Item it : replay) {
            out.writeInt(it.state().size());
            for (long w : it.state().words()) {
                out.writeLong(w);
            }
        }
    }

    @Override
    public void readState(DataInput in) throws IOException {
        replay.clear();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            int n = in.readInt();
            long[] words = new long[BipolarPattern.wordsFor(n)];
            for (int w = 0; w < words.length; w++) {
                words[w] = in.readLong();
            }
            replay.add(Item.of(BipolarPattern.fromWords(words, n)));
        }
    }
}
