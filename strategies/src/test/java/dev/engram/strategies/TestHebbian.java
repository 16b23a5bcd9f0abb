package dev.engram.strategies;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** A storage-only Hebbian Hopfield network for tests (W = Σ x xᵀ, zero diagonal, in-order asynchronous recall). */
final class TestHebbian implements BipolarMemory {
    final int n;
    final float[] w;
    int stored;

    TestHebbian(int n) {
        this.n = n;
        this.w = new float[n * n];
    }

    @Override
    public void store(BipolarPattern p) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    w[i * n + j] += p.get(i) * p.get(j);
                }
            }
        }
        stored++;
    }

    @Override
    public int size() {
        return stored;
    }

    private static final class Ws extends RecallWorkspace {
        void set(int s, boolean c) {
            setResult(s, c, 0);
        }
    }

    @Override
    public RecallWorkspace newWorkspace() {
        return new Ws();
    }

    private float field(int[] x, int i) {
        float h = 0;
        for (int j = 0; j < n; j++) {
            h += w[i * n + j] * x[j];
        }
        return h;
    }

    @Override
    public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
        int[] x = BipolarPattern.fromWords(probe, n).toIntArray();
        int sweeps = 0;
        boolean changed = true;
        while (changed && sweeps < 100) {
            changed = false;
            for (int i = 0; i < n; i++) {
                if (update != null && !update.contains(i)) {
                    continue;
                }
                int nx = field(x, i) > 0 ? 1 : -1;
                if (nx != x[i]) {
                    x[i] = nx;
                    changed = true;
                }
            }
            sweeps++;
        }
        BipolarPattern.of(x).copyWordsTo(out, 0);
        ((Ws) ws).set(sweeps, !changed);
    }

    @Override
    public double energy(BipolarPattern state) {
        return 0;
    }

    @Override
    public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
        int[] x = state.toIntArray();
        for (int j = 0; j < neurons.count(); j++) {
            out[j] = field(x, neurons.neuron(j));
        }
    }

    @Override
    public String providerName() {
        return "test-hebbian";
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public Params params() {
        return Params.defaults("model 'test-hebbian'", List.<ParamSpec>of());
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
    }

    @Override
    public void freeze() {
    }

    @Override
    public boolean isFrozen() {
        return false;
    }
}
