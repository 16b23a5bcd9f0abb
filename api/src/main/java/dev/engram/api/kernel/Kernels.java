package dev.engram.api.kernel;

/**
 * The numeric kernels every model is built on. {@code vector-core} ships a scalar reference and a Panama
 * (SIMD) implementation; {@link dev.engram.api.spi.Registry#kernels()} hands out the selected one, so a
 * third-party model gets the same kernels a built-in one does.
 *
 * <p>Conventions: bipolar vectors are packed into {@code long} words (bit set = +1, unused high bits of the
 * last word zero); matrices are row-major; every method takes explicit offsets and lengths and allocates
 * nothing. Implementations are stateless and thread-safe. Results of float kernels may differ from the scalar
 * reference by rounding (summation order); bit kernels are exact.
 *
 * <p>No method checks its arguments beyond what the JVM does: offsets and lengths that run past an array give an
 * {@link ArrayIndexOutOfBoundsException} (possibly after part of the output was written), and a {@code null} array
 * gives a {@link NullPointerException}. Output arrays must not overlap inputs unless a method says otherwise.
 * Concurrent calls are safe as long as the threads do not write the same output elements.
 *
 * @since 0.2
 */
public interface Kernels {

    /**
     * A short name of the implementation, as shown in logs and results and as selected by configuration.
     *
     * @return {@code scalar} or {@code panama} for the shipped kernels; a third-party implementation's own name
     */
    String name();

    // ---------------------------------------------------------------- packed bipolar

    /**
     * Overlap (dot product) of two packed ±1 vectors of dimension {@code n} stored in {@code words} words:
     * {@code n - 2 * popcount(a XOR b)}.
     *
     * @param a     the first packed vector
     * @param aOff  index of its first word in {@code a}
     * @param b     the second packed vector
     * @param bOff  index of its first word in {@code b}
     * @param words the number of words per vector, {@code ceil(n / 64)}
     * @param n     the dimension (number of ±1 components)
     * @return the overlap, in {@code [-n, n]}; {@code n} when the vectors are equal, {@code -n} when opposite
     */
    int overlap(long[] a, int aOff, long[] b, int bOff, int words, int n);

    /**
     * Overlaps of one probe with {@code k} packed memories stored one after another ({@code words} words
     * each, memory μ at {@code memories[memOff + μ * words]}): {@code out[outOff + μ]}.
     *
     * @param probe    the packed probe
     * @param probeOff index of the probe's first word
     * @param memories the packed memories, {@code k * words} words from {@code memOff}
     * @param memOff   index of the first memory's first word
     * @param k        the number of memories
     * @param words    the number of words per vector, {@code ceil(n / 64)}
     * @param n        the dimension
     * @param out      receives the {@code k} overlaps, each in {@code [-n, n]}
     * @param outOff   index in {@code out} of memory 0's overlap
     */
    void overlaps(long[] probe, int probeOff, long[] memories, int memOff, int k, int words, int n,
                  int[] out, int outOff);

    /**
     * Overlaps of {@code p} probes (stored one after another) with {@code k} memories:
     * {@code out[outOff + i * k + μ]} = overlap of probe i with memory μ.
     *
     * @param probes    the packed probes, {@code p * words} words from {@code probesOff}
     * @param probesOff index of the first probe's first word
     * @param p         the number of probes
     * @param memories  the packed memories, {@code k * words} words from {@code memOff}
     * @param memOff    index of the first memory's first word
     * @param k         the number of memories
     * @param words     the number of words per vector, {@code ceil(n / 64)}
     * @param n         the dimension
     * @param out       receives the {@code p × k} overlaps, row-major (one row per probe)
     * @param outOff    index in {@code out} of the first overlap
     */
    void overlapsBatch(long[] probes, int probesOff, int p, long[] memories, int memOff, int k, int words, int n,
                       int[] out, int outOff);

    // ---------------------------------------------------------------- float linear algebra

    /**
     * The dot product {@code Σ_i a[aOff + i]·b[bOff + i]} of two float vectors.
     *
     * @param a    the first vector
     * @param aOff index of its first element
     * @param b    the second vector
     * @param bOff index of its first element
     * @param len  the number of elements
     * @return the dot product (0 when {@code len} is 0)
     */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * The matrix-vector product {@code out[r] = Σ_c m[r][c] x[c]} for a {@code rows × cols} matrix.
     *
     * @param m      the matrix, row-major, {@code rows * cols} floats from {@code mOff}
     * @param mOff   index of element (0, 0)
     * @param rows   the number of rows
     * @param cols   the number of columns
     * @param x      the vector, {@code cols} floats from {@code xOff}
     * @param xOff   index of its first element
     * @param out    receives the {@code rows} results (overwritten); must not overlap {@code x}
     * @param outOff index in {@code out} of row 0's result
     */
    void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff);

    /**
     * {@code out[r] = Σ_c m[r][c] x_c} with {@code x} a packed ±1 vector of dimension {@code cols}
     * (masked accumulate, no unpacking).
     *
     * @param m      the matrix, row-major, {@code rows * cols} floats from {@code mOff}
     * @param mOff   index of element (0, 0)
     * @param rows   the number of rows
     * @param cols   the number of columns
     * @param x      the packed ±1 vector, {@code ceil(cols / 64)} words from {@code xOff} (bit set = +1)
     * @param xOff   index of its first word
     * @param out    receives the {@code rows} results (overwritten)
     * @param outOff index in {@code out} of row 0's result
     */
    void matVecBipolar(float[] m, int mOff, int rows, int cols, long[] x, int xOff, float[] out, int outOff);

    /**
     * {@code out[c] = Σ_r m[r][c] x[r]}: the transposed matrix times a vector.
     *
     * @param m      the matrix, row-major, {@code rows * cols} floats from {@code mOff}
     * @param mOff   index of element (0, 0)
     * @param rows   the number of rows
     * @param cols   the number of columns
     * @param x      the vector, {@code rows} floats from {@code xOff}
     * @param xOff   index of its first element
     * @param out    receives the {@code cols} results (overwritten); must not overlap {@code x}
     * @param outOff index in {@code out} of column 0's result
     */
    void matTVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] out, int outOff);

    /**
     * {@code y += a x}, element by element.
     *
     * @param a    the factor
     * @param x    the vector added
     * @param xOff index of its first element
     * @param y    the vector added to, in place
     * @param yOff index of its first element
     * @param len  the number of elements
     */
    void axpy(float a, float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * {@code x *= a}, element by element, in place.
     *
     * @param a   the factor
     * @param x   the vector
     * @param off index of its first element
     * @param len the number of elements
     */
    void scale(float a, float[] x, int off, int len);

    /**
     * (The operations added after the first release have {@code default} bodies, plain and unoptimised, so that a
     * third-party {@code Kernels} written against the earlier interface still loads.)
     * <p>
     * {@code y[yOff + j] += a·x_j} with {@code x} a packed ±1 vector of dimension {@code len} at
     * {@code bits[bitsOff]} (bit set = +1): {@code ±a} added, exact when {@code y} holds small integers.
     *
     * @param a       the factor
     * @param bits    the packed ±1 vector, {@code ceil(len / 64)} words from {@code bitsOff}
     * @param bitsOff index of its first word
     * @param y       the vector added to, in place
     * @param yOff    index of its first element
     * @param len     the number of elements (the dimension of {@code x})
     */
    default void axpyBipolar(float a, long[] bits, int bitsOff, float[] y, int yOff, int len) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] += ((bits[bitsOff + (j >>> 6)] >>> j) & 1L) != 0 ? a : -a;
        }
    }

    /**
     * One float vector against several packed ±1 rows: {@code out[outOff + j] = Σ_c v[vOff + c]·x_c} with
     * {@code x} the row of {@code len} bits at {@code bits[rows[rowsOff + j] * stride]}, for {@code j < count}.
     * Each row's sum is rounded the same whatever {@code count} and the row's place among the others (it may differ
     * from {@link #matVecBipolar}'s by rounding).
     *
     * @param v       the float vector, {@code len} floats from {@code vOff}
     * @param vOff    index of its first element
     * @param len     the dimension (floats in {@code v}, bits in each row)
     * @param bits    the packed rows
     * @param stride  the number of words from one row to the next in {@code bits} (at least {@code ceil(len / 64)})
     * @param rows    the indices of the rows to use
     * @param rowsOff index in {@code rows} of the first row index
     * @param count   the number of rows
     * @param out     receives the {@code count} dot products (overwritten)
     * @param outOff  index in {@code out} of the first result
     */
    default void dotsBipolar(float[] v, int vOff, int len, long[] bits, int stride, int[] rows, int rowsOff,
                             int count, float[] out, int outOff) {
        for (int j = 0; j < count; j++) {
            matVecBipolar(v, vOff, 1, len, bits, rows[rowsOff + j] * stride, out, outOff + j);
        }
    }

    /**
     * The general matrix product {@code C (+)= op(A)·B} on row-major arrays: {@code C} is {@code m × n} (row
     * stride {@code ldc}), {@code B} is {@code k × n} (row stride {@code ldb}), {@code op(A)} is {@code m × k}: with
     * {@code transA} false {@code A} itself ({@code A(i,p) = a[aOff + i·lda + p]}), with {@code transA} true the
     * transpose of an {@code A} stored {@code k × m} ({@code A(i,p) = a[aOff + p·lda + i]}). With {@code accumulate}
     * the product is added to {@code C}, otherwise it replaces it.
     *
     * <p>Every element of {@code C} is summed over {@code p} in index order {@code 0, 1, ..., k−1}, one multiply-add
     * per step (the Panama kernels fuse it into an FMA, the scalar reference rounds twice), starting from its old
     * value or 0; so an element's value does not depend on how a caller splits the product into blocks of rows or
     * columns, or over threads. Batched training relies on this for results that do not depend on the thread count.
     *
     * @param transA     whether {@code a} holds the transpose of {@code op(A)} ({@code k × m}) rather than it
     * @param accumulate whether to add the product to {@code C} rather than overwrite it
     * @param m          the rows of {@code C} and {@code op(A)}
     * @param n          the columns of {@code C} and {@code B}
     * @param k          the columns of {@code op(A)}, rows of {@code B} (the summed dimension)
     * @param a          the elements of {@code A}
     * @param aOff       index of {@code A(0,0)}
     * @param lda        the row stride of {@code A} as stored
     * @param b          the elements of {@code B}
     * @param bOff       index of {@code B(0,0)}
     * @param ldb        the row stride of {@code B}
     * @param c          the elements of {@code C}, written in place; must not overlap {@code a} or {@code b}
     * @param cOff       index of {@code C(0,0)}
     * @param ldc        the row stride of {@code C}
     */
    default void gemm(boolean transA, boolean accumulate, int m, int n, int k, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    s += av * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    /**
     * Copies the transpose of a {@code rows × cols} block: {@code dst[dOff + j·ldd + i] = src[sOff + i·lds + j]}
     * for {@code i < rows}, {@code j < cols} (a plain copy, so every backend gives the same values).
     *
     * @param rows the rows of the source block (the columns of the copy)
     * @param cols the columns of the source block (the rows of the copy)
     * @param src  the source
     * @param sOff index of the source block's first element
     * @param lds  the row stride of the source
     * @param dst  receives the transpose; must not overlap {@code src}
     * @param dOff index of the copy's first element
     * @param ldd  the row stride of the copy
     */
    default void transpose(int rows, int cols, float[] src, int sOff, int lds, float[] dst, int dOff, int ldd) {
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j1 = Math.min(cols, j0 + 16);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- interaction functions

    /**
     * The product of a packed ±1 matrix and a float matrix, {@code C = S·B}: {@code C} is {@code m × n} (row stride
     * {@code ldc}), {@code B} is {@code k × n} (row stride {@code ldb}) and {@code S(r,p) = +1} where bit {@code p}
     * of row {@code r} is set ({@code bits[bitsOff + r·words + p/64]}, bit {@code p % 64}), −1 where it is clear;
     * bits at {@code p ≥ k} are ignored. The product replaces {@code C}, or with {@code transC} its transpose:
     * {@code C(r,j)} is then stored at {@code c[cOff + j·ldc + r]} (the gradient of DAM training is wanted in the
     * other layout from the one the tables give). No multiplication is done: the summed
     * dimension is taken four rows of {@code B} at a time ("nibble" {@code q}: rows {@code 4q..4q+3}, those at or
     * beyond {@code k} read as 0), and each nibble's signed sum is one of sixteen sums, a table an implementation
     * builds once per block of columns and shares between all rows of {@code C}: about {@code k/4} additions per
     * element instead of {@code k} multiply-adds.
     *
     * <p>Every element is defined by one order of float operations, whatever the blocking, the vector width or
     * the thread split (all are element-wise, so every backend gives the same bits): for nibble {@code q} with
     * rows {@code b0..b3} and bits {@code v}, {@code T(0) = −(((b0 + b1) + b2) + b3)} and {@code T(v) = T(v with
     * its lowest set bit cleared) + 2·b_lowest}; then {@code C(r,j) = ((0 + T_0) + T_1) + …} over the nibbles in
     * order. The rounding is that of an ordinary sum over {@code k} terms (a different order from {@link #gemm}'s).
     *
     * @param transC  whether {@code c} receives the transpose of {@code C} ({@code n × m}, row stride {@code ldc})
     * @param m       the rows of {@code C} (the packed rows)
     * @param n       the columns of {@code C} and {@code B}
     * @param k       the summed dimension: the bits of a row, the rows of {@code B}
     * @param bits    the packed rows of {@code S}
     * @param bitsOff index of row 0's first word
     * @param words   the words per packed row (at least {@code ⌈k/64⌉})
     * @param b       the elements of {@code B}
     * @param bOff    index of {@code B(0,0)}
     * @param ldb     the row stride of {@code B}
     * @param c       receives {@code C} or its transpose; must not overlap {@code b}
     * @param cOff    index of {@code C(0,0)}
     * @param ldc     the row stride of what {@code c} receives
     */
    default void bipolarProduct(boolean transC, int m, int n, int k, long[] bits, int bitsOff, int words, float[] b,
                                int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                c[cOff + (transC ? j * ldc + r : r * ldc + j)] =
                        bipolarProductElement(k, bits, bitsOff + r * words, b, bOff + j, ldb);
            }
        }
    }

    /** One element of {@link #bipolarProduct}, in its order: the row's bits at {@code bits[row..]}, the column of {@code B} at {@code b[col + p·ldb]}. */
    private static float bipolarProductElement(int k, long[] bits, int row, float[] b, int col, int ldb) {
        float s = 0f;
        for (int p = 0; p < k; p += 4) {
            float b0 = b[col + p * ldb];
            float b1 = p + 1 < k ? b[col + (p + 1) * ldb] : 0f;
            float b2 = p + 2 < k ? b[col + (p + 2) * ldb] : 0f;
            float b3 = p + 3 < k ? b[col + (p + 3) * ldb] : 0f;
            int v = bipolarNibble(k, bits, row, p);
            float t = -(((b0 + b1) + b2) + b3);
            // T(v) = T(v without its lowest bit) + 2·b_lowest: unrolled, the set bits are added highest first
            if ((v & 8) != 0) {
                t += 2 * b3;
            }
            if ((v & 4) != 0) {
                t += 2 * b2;
            }
            if ((v & 2) != 0) {
                t += 2 * b1;
            }
            if ((v & 1) != 0) {
                t += 2 * b0;
            }
            s += t;
        }
        return s;
    }

    /** Bits {@code p..p+3} of the packed row at {@code bits[row..]} ({@code p} a multiple of 4), those at or past {@code k} cleared. */
    private static int bipolarNibble(int k, long[] bits, int row, int p) {
        int v = (int) (bits[row + (p >>> 6)] >>> (p & 63)) & 15;
        return k - p >= 4 ? v : v & ((1 << (k - p)) - 1);
    }

    /**
     * Applies F element by element: {@code out[i] = F(x[i])} (for exponential: {@code e^(x[i] - shift)}).
     *
     * @param f      the interaction function
     * @param shift  subtracted from the argument of the exponential (ignored by the other kinds); the caller picks
     *               it, usually the largest argument, so that no term overflows
     * @param x      the arguments
     * @param xOff   index of the first argument
     * @param out    receives the values; may be {@code x} itself at the same offset
     * @param outOff index of the first value
     * @param len    the number of elements
     */
    void interaction(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len);

    /**
     * Applies F' element by element: {@code out[i] = F'(x[i])} (for exponential: {@code e^(x[i] - shift)}).
     *
     * @param f      the interaction function
     * @param shift  subtracted from the argument of the exponential (ignored by the other kinds); the caller picks
     *               it, usually the largest argument, so that no term overflows
     * @param x      the arguments
     * @param xOff   index of the first argument
     * @param out    receives the derivatives; may be {@code x} itself at the same offset
     * @param outOff index of the first derivative
     * @param len    the number of elements
     */
    void interactionDerivative(Interaction f, float shift, float[] x, int xOff, float[] out, int outOff, int len);

    // ---------------------------------------------------------------- Dense Associative Memory

    /**
     * The DAM field of one neuron i:
     * {@code Σ_μ F(c·(m_μ − s·x_μ + x_μ)) − F(c·(m_μ − s·x_μ − x_μ))}, where {@code m_μ} is the overlap of
     * memory μ with the current state, {@code x_μ = column[colOff + μ]} the value of memory μ at neuron i and
     * {@code s} (±1) the neuron's current value. {@code c} is β/N in the normalised DAM, 1 in Krotov's form.
     * For exponential F every term is computed as {@code e^(arg − shift)}: the field is scaled by
     * {@code e^(−shift)}, its sign unchanged.
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @param column   the memories' values at neuron i ({@code ±1} as floats), {@code k} floats from {@code colOff}
     * @param colOff   index of memory 0's value
     * @param s        the neuron's current value, +1 or -1
     * @return the field of neuron i; the neuron's preferred next value is its sign
     */
    float damField(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff, float s);

    /**
     * {@link #damField} with the memories' values at neuron i packed as bits over μ (bit set = +1).
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @param columnBits the memories' values at neuron i, {@code ceil(k / 64)} words from {@code colOff}
     * @param colOff   index of the first word
     * @param s        the neuron's current value, +1 or -1
     * @return the field of neuron i
     */
    float damFieldBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] columnBits, int colOff,
                       float s);

    /**
     * {@link #damField} for neurons {@code from..to-1} at once: {@code memT} is the N × k transposed memory
     * matrix (row i = the memories' values at neuron i, at {@code memT[i * k]}), {@code state} the packed
     * current state; {@code out[outOff + (i − from)]} receives neuron i's field.
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @param memT     the transposed memory matrix, {@code N × k} floats from index 0
     * @param state    the packed current state ({@code ceil(N / 64)} words from index 0); supplies each neuron's {@code s}
     * @param from     the first neuron, inclusive
     * @param to       the last neuron, exclusive
     * @param out      receives the {@code to − from} fields
     * @param outOff   index in {@code out} of neuron {@code from}'s field
     */
    void damFields(Interaction f, float c, float shift, float[] overlaps, int k, float[] memT, long[] state,
                   int from, int to, float[] out, int outOff);

    /**
     * {@link #damFields} with bit-packed memories: row i of the transposed memory matrix holds k bits in
     * {@code kWords} words at {@code memTBits[i * kWords]}.
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @param memTBits the bit-packed transposed memory matrix, {@code N × kWords} words from index 0
     * @param kWords   the words per row, {@code ceil(k / 64)}
     * @param state    the packed current state; supplies each neuron's {@code s}
     * @param from     the first neuron, inclusive
     * @param to       the last neuron, exclusive
     * @param out      receives the {@code to − from} fields
     * @param outOff   index in {@code out} of neuron {@code from}'s field
     */
    void damFieldsBits(Interaction f, float c, float shift, float[] overlaps, int k, long[] memTBits, int kWords,
                       long[] state, int from, int to, float[] out, int outOff);

    /**
     * The terms every trained neuron of a state shares in batched DAM training: {@code fOut[μ] = F(c·m_μ)} and
     * {@code dOut[μ] = F'(c·m_μ)} for the overlaps {@code m}, with no shift, and the same flushing of tiny powers as
     * {@link #damFlipTerms}, whose {@code fShared} they are.
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps
     * @param overlaps the overlaps {@code m_μ}, from index 0
     * @param k        the number of memories
     * @param fOut     receives {@code F(c·m_μ)}, {@code k} floats from index 0
     * @param dOut     receives {@code F'(c·m_μ)}, {@code k} floats from index 0
     */
    default void damSharedTerms(Interaction f, float c, float[] overlaps, int k, float[] fOut, float[] dOut) {
        for (int mu = 0; mu < k; mu++) {
            double a = c * overlaps[mu];
            fOut[mu] = (float) f.apply(a);
            dOut[mu] = (float) f.derivative(a);
        }
    }

    /**
     * One trained neuron's terms in batched DAM training, using that one of its two arguments is shared by every
     * neuron of the state: with {@code m_μ} the overlaps of the state, {@code x_μ = ξ_μi} (the neuron's column of
     * the memories) and {@code s} its value, the arguments are {@code c·m_μ} (the state itself, whose
     * {@code F(c·m_μ)} the caller gives in {@code fShared}) and {@code a_μ = c·(m_μ − 2s·x_μ)} (the neuron flipped).
     * Writes {@code dFlip[μ] = F'(a_μ)} and returns {@code Σ_μ (fShared[μ] − F(a_μ))}; the neuron's field is
     * {@code s} times it. No shift is applied (the caller keeps the exponential in range). An implementation may
     * take powers below {@code 2^−100} as 0, F and F' alike (so that neither they nor their products in the
     * gradient are subnormal, which is slow on some processors; from degree 20 a DAM's small arguments give
     * such powers all the time; 2^−100 is far below what the DAM's per-memory normalised step resolves).
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps
     * @param overlaps the overlaps {@code m_μ} of the state, from index 0
     * @param fShared  {@code F(c·m_μ)} as computed by {@link #damSharedTerms}, from index 0
     * @param k        the number of memories
     * @param column   the neuron's column {@code ξ_μi}, {@code k} floats from {@code colOff}
     * @param colOff   index of memory 0's value
     * @param s        the neuron's value, +1 or -1
     * @param dFlip    receives {@code F'(a_μ)}, {@code k} floats from index 0
     * @return {@code Σ_μ (fShared[μ] − F(a_μ))}
     */
    default float damFlipTerms(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] column,
                               int colOff, float s, float[] dFlip) {
        double sum = 0;
        for (int mu = 0; mu < k; mu++) {
            float a = c * (overlaps[mu] - 2f * s * column[colOff + mu]);
            dFlip[mu] = (float) f.derivative(a);
            sum += fShared[mu] - (float) f.apply(a);
        }
        return (float) sum;
    }

    /**
     * {@link #damFlipTerms} for {@code count} trained neurons of one state at once, with the same results (the same
     * bits) as one call per neuron: neuron j's column starts at {@code columns[colOffs[j]]}, its value is
     * {@code signs[j]}, its {@code F'(a_μ)} go to {@code dFlip[dOff + j·k + μ]} and its sum to
     * {@code sums[sumOff + j]}. A backend may share work between the neurons (one pass over all their arguments).
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps
     * @param overlaps the overlaps {@code m_μ} of the state, from index 0
     * @param fShared  {@code F(c·m_μ)} as computed by {@link #damSharedTerms}, from index 0
     * @param k        the number of memories
     * @param columns  the neurons' columns {@code ξ_μi}
     * @param colOffs  per neuron, the index in {@code columns} of memory 0's value
     * @param signs    per neuron, its value, +1 or -1
     * @param count    the number of neurons
     * @param dFlip    receives {@code count·k} derivatives from {@code dOff}, neuron by neuron
     * @param dOff     index in {@code dFlip} of neuron 0's first derivative
     * @param sums     receives the {@code count} sums from {@code sumOff}
     * @param sumOff   index in {@code sums} of neuron 0's sum
     */
    default void damFlipTermsBlock(Interaction f, float c, float[] overlaps, float[] fShared, int k, float[] columns,
                                   int[] colOffs, float[] signs, int count, float[] dFlip, int dOff, float[] sums,
                                   int sumOff) {
        float[] one = new float[k];
        for (int j = 0; j < count; j++) {
            sums[sumOff + j] = damFlipTerms(f, c, overlaps, fShared, k, columns, colOffs[j], signs[j], one);
            System.arraycopy(one, 0, dFlip, dOff + j * k, k);
        }
    }

    /**
     * The per-memory derivatives the DAM training gradient needs at neuron i:
     * {@code dPlus[μ] = F'(c·(m_μ − s·x_μ + x_μ))} and {@code dMinus[μ] = F'(c·(m_μ − s·x_μ − x_μ))}.
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @param column   the memories' values at neuron i, {@code k} floats from {@code colOff}
     * @param colOff   index of memory 0's value
     * @param s        the neuron's current value, +1 or -1
     * @param dPlus    receives the derivatives at the {@code +x_μ} arguments, {@code k} floats from index 0
     * @param dMinus   receives the derivatives at the {@code −x_μ} arguments, {@code k} floats from index 0
     */
    void damDerivatives(Interaction f, float c, float shift, float[] overlaps, int k, float[] column, int colOff,
                        float s, float[] dPlus, float[] dMinus);

    /**
     * The per-state weights of a DAM with bipolar memories: {@code weights[μ] = (F(c(m_μ+2)) − F(c(m_μ−2))) / 2};
     * returns {@code Σ_μ F(c m_μ) − (F(c(m_μ+2)) + F(c(m_μ−2))) / 2}. With them the field of neuron i at value s
     * is {@code Σ_μ ξ_μi weights[μ] + s·(returned sum)} (the {@link #damField} sum, regrouped). For exponential F
     * every F is {@code e^(arg − shift)}. An implementation may take an F value below {@code 16·Float.MIN_NORMAL}
     * as 0 (so as not to compute subnormals, which are slow on some processors).
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @param weights  receives the {@code k} weights, from index 0
     * @return the state's self term {@code Σ_μ F(c m_μ) − (F(c(m_μ+2)) + F(c(m_μ−2))) / 2}
     */
    default float damBipolarWeights(Interaction f, float c, float shift, float[] overlaps, int k, float[] weights) {
        float[] arg = new float[k];
        float[] fa = new float[k];
        float[] fb = new float[k];
        for (int mu = 0; mu < k; mu++) {
            arg[mu] = c * (overlaps[mu] + 2f);
        }
        interaction(f, shift, arg, 0, fa, 0, k);
        for (int mu = 0; mu < k; mu++) {
            arg[mu] = c * (overlaps[mu] - 2f);
        }
        interaction(f, shift, arg, 0, fb, 0, k);
        for (int mu = 0; mu < k; mu++) {
            arg[mu] = c * overlaps[mu];
        }
        interaction(f, shift, arg, 0, arg, 0, k);
        float sum = 0f;
        for (int mu = 0; mu < k; mu++) {
            weights[mu] = 0.5f * (fa[mu] - fb[mu]);
            sum += arg[mu] - 0.5f * (fa[mu] + fb[mu]);
        }
        return sum;
    }

    /**
     * The DAM energy {@code −Σ_μ F(c·m_μ)} (for exponential, scaled by {@code e^(−shift)}).
     *
     * @param f        the interaction function
     * @param c        the scale of the overlaps: β/N in the normalised DAM, 1 in Krotov's form
     * @param shift    subtracted from every exponential's argument (ignored by the other kinds), so that none overflows
     * @param overlaps the overlaps {@code m_μ} of the memories with the current state, from index 0
     * @param k        the number of memories
     * @return the energy; lower is more stable
     */
    double damEnergy(Interaction f, float c, float shift, float[] overlaps, int k);

    // ---------------------------------------------------------------- softmax, sign

    /**
     * Numerically stable {@code out = softmax(beta · x)} (the maximum is subtracted before exponentiating).
     *
     * @param beta   the inverse temperature
     * @param x      the scores
     * @param xOff   index of the first score
     * @param out    receives the probabilities, which sum to 1; may be {@code x} itself at the same offset
     * @param outOff index of the first probability
     * @param len    the number of scores, at least 1
     * @return the log-sum-exp {@code log Σ_i e^(beta · x_i)}
     */
    float softmax(float beta, float[] x, int xOff, float[] out, int outOff, int len);

    /**
     * Numerically stable {@code log Σ e^(beta · x_i)} (the maximum is factored out, so nothing overflows).
     *
     * @param beta the inverse temperature
     * @param x    the scores
     * @param xOff index of the first score
     * @param len  the number of scores
     * @return the log-sum-exp
     */
    float logSumExp(float beta, float[] x, int xOff, int len);

    /**
     * One pass over a {@code k × n} row-major matrix {@code mem}: {@code out = Σ_μ softmax(beta · mem·x)_μ mem_μ}
     * (the continuous modern Hopfield update), with the online softmax: a running maximum score, a running sum
     * of exponentials and the accumulator {@code out} are rescaled whenever the maximum rises, so each row is
     * read once and no score can overflow. Equals {@code matVec}, {@code softmax} and {@code matTVec} in
     * sequence within float rounding. {@code out} must not overlap {@code x}; with {@code k = 0} it is zeroed.
     *
     * @param beta   the inverse temperature
     * @param mem    the memories, row-major, {@code k * n} floats from {@code memOff}
     * @param memOff index of memory 0's first element
     * @param k      the number of memories (rows)
     * @param n      the dimension (columns)
     * @param x      the state, {@code n} floats from {@code xOff}
     * @param xOff   index of its first element
     * @param out    receives the {@code n} elements of the new state
     * @param outOff index of its first element
     * @return the log-sum-exp {@code log Σ_μ e^(beta · mem_μ·x)} (negative infinity when {@code k = 0})
     */
    default float softmaxCombine(float beta, float[] mem, int memOff, int k, int n, float[] x, int xOff, float[] out,
                                 int outOff) {
        for (int c = 0; c < n; c++) {
            out[outOff + c] = 0f;
        }
        if (k == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        float max = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int r = 0; r < k; r++) {
            int row = memOff + r * n;
            float s = beta * dot(mem, row, x, xOff, n);
            if (s > max) {
                if (sum > 0f) {
                    float f = (float) Math.exp(max - s);
                    scale(f, out, outOff, n);
                    sum *= f;
                }
                max = s;
            }
            float w = (float) Math.exp(s - max);
            sum += w;
            axpy(w, mem, row, out, outOff, n);
        }
        scale(1f / sum, out, outOff, n);
        return max + (float) Math.log(sum);
    }

    /**
     * {@link #softmaxCombine} for a matrix of ±1 values stored as packed bits: row μ holds {@code ceil(n/64)}
     * words at {@code mem[memOff + μ·ceil(n/64)]} (bit set = +1, unused high bits of the last word zero), so
     * {@code out = Σ_μ softmax(beta · s)_μ ξ_μ} with {@code s_μ = Σ_i ±x_i}. Same result as
     * {@code softmaxCombine} on the unpacked floats within float rounding; {@code out} must not overlap
     * {@code x}; with {@code k = 0} it is zeroed. This default is the plain definition (one row at a time, online
     * softmax); the shipped kernels compute it with per-probe lookup tables instead.
     *
     * @param beta   the inverse temperature
     * @param mem    the packed memories, {@code k * ceil(n / 64)} words from {@code memOff}
     * @param memOff index of memory 0's first word
     * @param k      the number of memories
     * @param n      the dimension
     * @param x      the state, {@code n} floats from {@code xOff}
     * @param xOff   index of its first element
     * @param out    receives the {@code n} elements of the new state
     * @param outOff index of its first element
     * @return the log-sum-exp {@code log Σ_μ e^(beta · s_μ)} (negative infinity when {@code k = 0})
     */
    default float softmaxCombineBits(float beta, long[] mem, int memOff, int k, int n, float[] x, int xOff,
                                     float[] out, int outOff) {
        for (int c = 0; c < n; c++) {
            out[outOff + c] = 0f;
        }
        if (k == 0) {
            return Float.NEGATIVE_INFINITY;
        }
        int words = (n + 63) >>> 6;
        float max = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        float[] d = new float[1];
        for (int r = 0; r < k; r++) {
            int row = memOff + r * words;
            matVecBipolar(x, xOff, 1, n, mem, row, d, 0);
            float s = beta * d[0];
            if (s > max) {
                if (sum > 0f) {
                    float f = (float) Math.exp(max - s);
                    scale(f, out, outOff, n);
                    sum *= f;
                }
                max = s;
            }
            float w = (float) Math.exp(s - max);
            sum += w;
            axpyBipolar(w, mem, row, out, outOff, n);
        }
        scale(1f / sum, out, outOff, n);
        return max + (float) Math.log(sum);
    }

    // ---------------------------------------------------------------- blocks of probes (batch recall)

    /**
     * {@link #softmaxCombine} for {@code p} probes at once: probe i is {@code n} floats at {@code x[xOff + i·n]}, its
     * new state goes to {@code out[outOff + i·n]} and, when {@code lse} is not null, its log-sum-exp to
     * {@code lse[lseOff + i]}. The same values as {@code p} calls of {@code softmaxCombine} within float rounding (an
     * implementation may sum in another order: scores as one matrix product {@code Q·Xᵀ}, the weighted sums as
     * another, the way BLAS does it). This default is those {@code p} calls. {@code out} must not overlap {@code x}.
     *
     * @param beta   the inverse temperature
     * @param mem    the memories, row-major, {@code k * n} floats from {@code memOff}
     * @param memOff index of memory 0's first element
     * @param k      the number of memories (rows)
     * @param n      the dimension (columns)
     * @param x      the probes, {@code p * n} floats from {@code xOff}
     * @param xOff   index of probe 0's first element
     * @param p      the number of probes, 0 or more
     * @param out    receives the {@code p * n} elements of the new states
     * @param outOff index of probe 0's first output element
     * @param lse    receives the {@code p} log-sum-exps, or null
     * @param lseOff index in {@code lse} of probe 0's
     * @since 0.2
     */
    default void softmaxCombineBatch(float beta, float[] mem, int memOff, int k, int n, float[] x, int xOff, int p,
                                     float[] out, int outOff, float[] lse, int lseOff) {
        for (int i = 0; i < p; i++) {
            float l = softmaxCombine(beta, mem, memOff, k, n, x, xOff + i * n, out, outOff + i * n);
            if (lse != null) {
                lse[lseOff + i] = l;
            }
        }
    }

    /**
     * {@link #softmaxCombineBits} for {@code p} probes at once (layout as in {@link #softmaxCombineBatch}): the same
     * values as {@code p} calls of {@code softmaxCombineBits} within float rounding. This default is those calls.
     *
     * @param beta   the inverse temperature
     * @param mem    the packed memories, {@code k * ceil(n / 64)} words from {@code memOff}
     * @param memOff index of memory 0's first word
     * @param k      the number of memories
     * @param n      the dimension
     * @param x      the probes, {@code p * n} floats from {@code xOff}
     * @param xOff   index of probe 0's first element
     * @param p      the number of probes, 0 or more
     * @param out    receives the {@code p * n} elements of the new states
     * @param outOff index of probe 0's first output element
     * @param lse    receives the {@code p} log-sum-exps, or null
     * @param lseOff index in {@code lse} of probe 0's
     * @since 0.2
     */
    default void softmaxCombineBitsBatch(float beta, long[] mem, int memOff, int k, int n, float[] x, int xOff, int p,
                                         float[] out, int outOff, float[] lse, int lseOff) {
        for (int i = 0; i < p; i++) {
            float l = softmaxCombineBits(beta, mem, memOff, k, n, x, xOff + i * n, out, outOff + i * n);
            if (lse != null) {
                lse[lseOff + i] = l;
            }
        }
    }

    /**
     * {@link #dotsBipolar} for {@code p} float vectors against the same rows: vector i is {@code len} floats at
     * {@code v[vOff + i·vStride]} and its {@code count} dot products go to {@code out[outOff + i·outStride]}. Every
     * value has exactly the bits {@code dotsBipolar} gives for that vector and row (a block of states recalled at
     * once flips the same neurons as one at a time). This default is {@code p} calls of {@code dotsBipolar}.
     *
     * @param v         the float vectors
     * @param vOff      index of vector 0's first element
     * @param vStride   floats from one vector to the next
     * @param p         the number of vectors, 0 or more
     * @param len       the dimension (floats per vector, bits per row)
     * @param bits      the packed rows
     * @param stride    the number of words from one row to the next in {@code bits}
     * @param rows      the indices of the rows to use
     * @param rowsOff   index in {@code rows} of the first row index
     * @param count     the number of rows
     * @param out       receives the {@code p × count} dot products
     * @param outOff    index in {@code out} of vector 0's first result
     * @param outStride floats from one vector's results to the next
     * @since 0.2
     */
    default void dotsBipolarBatch(float[] v, int vOff, int vStride, int p, int len, long[] bits, int stride, int[] rows,
                                  int rowsOff, int count, float[] out, int outOff, int outStride) {
        for (int i = 0; i < p; i++) {
            dotsBipolar(v, vOff + i * vStride, len, bits, stride, rows, rowsOff, count, out, outOff + i * outStride);
        }
    }

    /**
     * {@link #matVecBipolar} for {@code p} packed ±1 vectors: vector i is {@code ceil(cols / 64)} words at
     * {@code x[xOff + i·ceil(cols / 64)]} and its {@code rows} results go to {@code out[outOff + i·rows]}. Every
     * value has exactly the bits {@code matVecBipolar} gives for that vector (each row of the matrix is read once
     * for a block of vectors). This default is {@code p} calls of {@code matVecBipolar}.
     *
     * @param m      the matrix, row-major, {@code rows * cols} floats from {@code mOff}
     * @param mOff   index of element (0, 0)
     * @param rows   the number of rows
     * @param cols   the number of columns
     * @param x      the packed ±1 vectors, one after another
     * @param xOff   index of vector 0's first word
     * @param p      the number of vectors, 0 or more
     * @param out    receives the {@code p × rows} results
     * @param outOff index in {@code out} of vector 0's first result
     * @since 0.2
     */
    default void matVecBipolarBatch(float[] m, int mOff, int rows, int cols, long[] x, int xOff, int p, float[] out,
                                    int outOff) {
        int words = (cols + 63) >>> 6;
        for (int i = 0; i < p; i++) {
            matVecBipolar(m, mOff, rows, cols, x, xOff + i * words, out, outOff + i * rows);
        }
    }

    /**
     * {@link #matTVec} for {@code p} vectors: vector i is {@code rows} floats at {@code x[xOff + i·xStride]} and its
     * {@code cols} results go to {@code out[outOff + i·outStride]}. Every value has exactly the bits {@code matTVec}
     * gives for that vector (each chunk of the matrix is loaded once for a block of vectors). This default is
     * {@code p} calls of {@code matTVec}.
     *
     * @param m         the matrix, row-major, {@code rows * cols} floats from {@code mOff}
     * @param mOff      index of element (0, 0)
     * @param rows      the number of rows
     * @param cols      the number of columns
     * @param x         the vectors
     * @param xOff      index of vector 0's first element
     * @param xStride   floats from one vector to the next
     * @param p         the number of vectors, 0 or more
     * @param out       receives the results; must not overlap {@code x}
     * @param outOff    index of vector 0's first result
     * @param outStride floats from one vector's results to the next
     * @since 0.2
     */
    default void matTVecBatch(float[] m, int mOff, int rows, int cols, float[] x, int xOff, int xStride, int p,
                              float[] out, int outOff, int outStride) {
        for (int i = 0; i < p; i++) {
            matTVec(m, mOff, rows, cols, x, xOff + i * xStride, out, outOff + i * outStride);
        }
    }

    /**
     * Packs the signs of {@code n} floats into bits: {@code x > 0} sets the bit (+1); 0, negatives and NaN
     * give -1. Writes {@code ceil(n/64)} words and leaves the unused high bits zero.
     *
     * @param x      the floats
     * @param xOff   index of the first float
     * @param n      the number of floats (the dimension)
     * @param out    receives the packed bits, overwriting {@code ceil(n/64)} words
     * @param outOff index of the first word written
     */
    void signToBits(float[] x, int xOff, int n, long[] out, int outOff);
}
