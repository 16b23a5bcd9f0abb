package dev.engram.api.spi;

import dev.engram.api.Model;
import java.io.DataInput;
import java.io.IOException;

/**
 * Makes models of one kind. Implementations are found with {@link java.util.ServiceLoader} (register with
 * {@code @AutoService(ModelProvider.class)}) and need a public no-argument constructor.
 *
 * <p>One instance serves every caller of a {@link Registry}, possibly on several threads at once: keep a
 * provider stateless. The registry wraps a plugin's provider so that a {@code create} or {@code read} that
 * returns null or throws something other than {@link IllegalArgumentException} (or, for {@code read},
 * {@link IOException}) becomes a {@link PluginException}.
 *
 * @since 0.2
 */
public interface ModelProvider extends Provider {

    /**
     * The kind of provider, for messages.
     *
     * @return {@code model}
     */
    @Override
    default String kind() {
        return "model";
    }

    /**
     * A new, empty model.
     *
     * @param context the dimension, validated parameters, kernels and seed to make it from
     * @return the model, never null; not frozen
     * @throws IllegalArgumentException when the provider cannot make a model of this dimension with these parameters
     *         (a size too large for the JVM is a {@link dev.engram.api.SizeLimitException})
     */
    Model create(ModelContext context);

    /**
     * Rebuilds a model from what its {@link Model#writeState} wrote; {@code context} carries the dimension and
     * parameters it was saved with. A malformed state is an {@link IOException} naming what is wrong.
     *
     * @param context the dimension and parameters from the file, the kernels to compute with, and seed 0
     * @param in      the state; the method must read exactly what {@link Model#writeState} wrote
     * @return the model, never null
     * @throws IOException              when the state is malformed or ends early
     * @throws IllegalArgumentException when a value in the state is refused (both become a
     *                                  {@link dev.engram.api.ModelFileException} in {@link dev.engram.api.ModelFiles})
     */
    Model read(ModelContext context, DataInput in) throws IOException;

    /**
     * The fewest bytes a saved state of a model made from {@code context} can have (what {@link Model#writeState}
     * writes at the least: an N × N weight matrix is {@code 4 N²} bytes, say). {@link dev.engram.api.ModelFiles}
     * refuses a file whose payload is shorter before {@link #read} allocates anything, so that a corrupt
     * dimension in a file cannot make the reader allocate gigabytes. Compute it with {@link dev.engram.api.Sizes}
     * (saturating, never overflowing). The default, 0, checks nothing.
     *
     * @param context the dimension and parameters from the file
     * @return the least number of state bytes, at least 0
     */
    default long minimumStateBytes(ModelContext context) {
        return 0;
    }
}
