package dev.engram.testkit;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trainable model that passes every call to another one and notes the calls that change it (parameters,
 * optimiser state, stored patterns) made while a strategy hook runs: a strategy may read the model, compute
 * gradients and recall, but only the trainer changes it. {@link StrategyContract} sets {@link #hook} around each
 * hook it calls.
 */
class RecordingModel extends AbstractModel implements TrainableModel {
    final TrainableModel inner;
    /** The hook running now, or null between hooks. */
    String hook;
    /** "hook called method" for every changing call made inside a hook. */
    final List<String> violations = new ArrayList<>();

    RecordingModel(TrainableModel inner) {
        super(inner.providerName(), inner.dimension(), inner.params());
        this.inner = inner;
    }

    /** A recording wrapper that is a {@link BipolarMemory} exactly when {@code inner} is one. */
    static RecordingModel of(TrainableModel inner) {
        return inner instanceof BipolarMemory ? new Memory(inner) : new RecordingModel(inner);
    }

    final void changing(String method) {
        if (hook != null) {
            violations.add(hook + " called " + method);
        }
    }

    @Override
    public void freeze() {
        super.freeze();
        inner.freeze();
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        inner.writeState(out);
    }

    @Override
    public int parameterCount() {
        return inner.parameterCount();
    }

    @Override
    public float[] parameters() {
        return inner.parameters();
    }

    @Override
    public void setParameters(float[] values) {
        changing("setParameters");
        inner.setParameters(values);
    }

    @Override
    public double lossAndGradient(List<Item> batch, float[] grad) {
        return inner.lossAndGradient(batch, grad);
    }

    @Override
    public double outputNormGradient(List<Item> batch, float[] grad) {
        return inner.outputNormGradient(batch, grad);
    }

    @Override
    public void beginEpoch(int epoch, int epochs) {
        changing("beginEpoch");
        inner.beginEpoch(epoch, epochs);
    }

    @Override
    public void beginTask() {
        changing("beginTask");
        inner.beginTask();
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        changing("updateFromGradient (it changes the optimiser state; stepDirection does not)");
        inner.updateFromGradient(grad, delta);
    }

    @Override
    public void stepDirection(float[] grad, float[] out) {
        inner.stepDirection(grad, out);
    }

    @Override
    public void constrainUpdate(float[] delta) {
        inner.constrainUpdate(delta);
    }

    @Override
    public void applyUpdate(float[] delta) {
        changing("applyUpdate");
        inner.applyUpdate(delta);
    }

    @Override
    public int epochs() {
        return inner.epochs();
    }

    @Override
    public int batchSize() {
        return inner.batchSize();
    }

    /** The wrapper of a model that is also a {@link BipolarMemory}. */
    static class Memory extends RecordingModel implements BipolarMemory {
        private final BipolarMemory memory;

        Memory(TrainableModel inner) {
            super(inner);
            this.memory = (BipolarMemory) inner;
        }

        @Override
        public void store(BipolarPattern pattern) {
            changing("store");
            memory.store(pattern);
        }

        @Override
        public void storeAll(List<BipolarPattern> patterns) {
            changing("storeAll");
            memory.storeAll(patterns);
        }

        @Override
        public int size() {
            return memory.size();
        }

        @Override
        public RecallWorkspace newWorkspace() {
            return memory.newWorkspace();
        }

        @Override
        public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
            memory.recallInto(probe, out, update, ws);
        }

        @Override
        public double energy(BipolarPattern state) {
            return memory.energy(state);
        }

        @Override
        public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
            memory.fields(state, neurons, out);
        }
    }
}
