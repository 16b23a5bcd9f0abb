package dev.engram.api.spi;

import dev.engram.api.Model;
import java.io.DataInput;
import java.io.IOException;

/**
 * Makes models of one kind. Implementations are found with {@link java.util.ServiceLoader} (register with
 * {@code @AutoService(ModelProvider.class)}) and need a public no-argument constructor.
 */
public interface ModelProvider extends Provider {

    @Override
    default String kind() {
        return "model";
    }

    /** A new, empty model. */
    Model create(ModelContext context);

    /**
     * Rebuilds a model from what its {@link Model#writeState} wrote; {@code context} carries the dimension and
     * parameters it was saved with. A malformed state is an {@link IOException} naming what is wrong.
     */
    Model read(ModelContext context, DataInput in) throws IOException;

    /**
     * The fewest bytes a saved state of a model made from {@code context} can have (what {@link Model#writeState}
     * writes at the least: an N × N weight matrix is {@code 4 N²} bytes, say). {@link dev.engram.api.ModelFiles}
     * refuses a file whose payload is shorter before {@link #read} allocates anything, so that a corrupt
     * dimension in a file cannot make the reader allocate gigabytes. Compute it with {@link dev.engram.api.Sizes}
     * (saturating, never overflowing). The default, 0, checks nothing.
     */
    default long minimumStateBytes(ModelContext context) {
        return 0;
    }
}
