package dev.engram.api;

import dev.engram.api.param.Params;

/**
 * The part every model shares, written once: the name of the provider that made it, its dimension and
 * parameters, and the frozen flag with the guard that refuses learning once the model is frozen. Extend it and
 * write only what makes your model different (store, recall, energy, fields, the state it saves):
 *
 * <pre>{@code
 * final class MyModel extends AbstractModel implements BipolarMemory {
 *     MyModel(ModelContext c) {
 *         super("my-model", c.dimension(), c.params());      // the provider's name, as ModelProvider.name() says it
 *     }
 *
 *     public void store(BipolarPattern p) {
 *         requireNotFrozen("store patterns");               // "this my-model model is frozen; it cannot store patterns"
 *         requireDimension(p);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Call {@link #requireNotFrozen} first in every method that learns (store, write, {@code applyUpdate},
 * {@code setParameters}): a frozen model may be recalled from many threads at once, so nothing may change it.
 * The flag is {@code volatile}: a thread that sees {@link #isFrozen()} {@code true} also sees everything the model
 * learned before {@link #freeze()}. {@code freeze()} is {@code synchronized} on the model: a model whose learning
 * methods are {@code synchronized} too (the built-ins' are) is frozen only after a store in progress has finished.
 * The built-ins also let recall take that lock while the model is not frozen, so recall from several threads
 * while one thread learns works (one call at a time); once frozen, recall takes no lock.
 *
 * @since 0.2
 */
public abstract class AbstractModel implements Model {
    private final String providerName;
    private final int dimension;
    private final Params params;
    private volatile boolean frozen;

    /**
     * Sets what every model has; a subclass passes what its {@link dev.engram.api.spi.ModelContext} gives.
     *
     * @param providerName the name of the provider that makes this model ({@code ModelProvider.name()})
     * @param dimension    the number of neurons (for key-value memories the key dimension); at least 1
     * @param params       the validated parameters the model was made with
     * @throws IllegalArgumentException when the name is blank, the dimension is below 1 or the parameters are missing
     */
    protected AbstractModel(String providerName, int dimension, Params params) {
        if (providerName == null || providerName.isBlank()) {
            throw new IllegalArgumentException("a model needs the name of its provider, got "
                    + (providerName == null ? "null" : "'" + providerName + "'"));
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("the dimension of a " + providerName + " model must be at least 1, got "
                    + dimension);
        }
        if (params == null) {
            throw new IllegalArgumentException("a " + providerName + " model needs its parameters, got null");
        }
        this.providerName = providerName;
        this.dimension = dimension;
        this.params = params;
    }

    @Override
    public final String providerName() {
        return providerName;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final Params params() {
        return params;
    }

    /**
     * Freezes the model: from now on {@link #requireNotFrozen} throws. A model that does work when it is frozen
     * (compacting its memories, say) or that wraps another model overrides this and calls {@code super.freeze()}.
     */
    @Override
    public synchronized void freeze() {
        frozen = true;
    }

    @Override
    public final boolean isFrozen() {
        return frozen;
    }

    /**
     * Throws {@link IllegalStateException} when the model is frozen, with a message that says which model and
     * what it refused: {@code this dam model is frozen; it cannot be trained}.
     *
     * @param action what the caller was about to do, completing "it cannot ...": {@code "store patterns"},
     *               {@code "be trained"}, {@code "change its parameters"}
     */
    protected final void requireNotFrozen(String action) {
        if (frozen) {
            throw new IllegalStateException("this " + providerName + " model is frozen; it cannot " + action);
        }
    }
}
