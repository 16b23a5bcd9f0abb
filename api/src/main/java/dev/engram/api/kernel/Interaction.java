package dev.engram.api.kernel;

import java.util.List;
import java.util.Locale;

/**
 * The interaction function F of a Dense Associative Memory, with its vertex (degree) {@code n}.
 * <ul>
 *   <li>{@code POLYNOMIAL}: x^n</li>
 *   <li>{@code RECTIFIED}: x^n for x &gt; 0, else 0</li>
 *   <li>{@code LEAKY_RECTIFIED}: x^n for x &gt; 0, else {@code leak * x} (leak 0.01 in the paper)</li>
 *   <li>{@code EXPONENTIAL}: e^x (n is ignored)</li>
 * </ul>
 * The methods here are the scalar definition every kernel must agree with. Immutable and thread-safe.
 *
 * @param kind the family of the function
 * @param n    the vertex (power), from 1 to 100; ignored (and not checked) for {@link Kind#EXPONENTIAL}
 * @param leak the slope for negative arguments of {@link Kind#LEAKY_RECTIFIED}, finite and at least 0; 0 for the
 *             other kinds as the factories make them
 *
 * @since 0.2
 */
public record Interaction(Kind kind, int n, float leak) {

    /**
     * The family of an interaction function.
     *
     * @since 0.2
     */
    public enum Kind {
        /**
         * {@code x^n}, id {@code polynomial}.
         */
        POLYNOMIAL("polynomial"),
        /**
         * {@code x^n} for positive x, else 0; id {@code rectified}.
         */
        RECTIFIED("rectified"),
        /**
         * {@code x^n} for positive x, else {@code leak · x}; id {@code leaky}.
         */
        LEAKY_RECTIFIED("leaky"),
        /**
         * {@code e^x}; id {@code exponential}.
         */
        EXPONENTIAL("exponential");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /**
         * The name used in parameters, configs and results.
         *
         * @return the id, e.g. {@code leaky}
         */
        public String id() {
            return id;
        }

        /**
         * The kind with that id.
         *
         * @param id the id, as {@link #id()} gives it
         * @return the kind
         * @throws IllegalArgumentException when no kind has that id (the message lists the ids)
         */
        public static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown interaction function '" + id + "'; accepted: " + ids());
        }

        /**
         * The ids of all kinds, in declaration order.
         *
         * @return the ids, unmodifiable
         */
        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Kind::id).toList();
        }
    }

    /** Default leak of {@link Kind#LEAKY_RECTIFIED}. */
    public static final float DEFAULT_LEAK = 0.01f;

    /**
     * Checks the components.
     *
     * @param kind the family
     * @param n    the vertex
     * @param leak the leak
     * @throws IllegalArgumentException when {@code kind} is null, {@code n} is outside [1, 100] for a kind that uses it,
     *         or {@code leak} is negative or not finite
     */
    public Interaction {
        if (kind == null) {
            throw new IllegalArgumentException("interaction kind is null; accepted: " + Kind.ids());
        }
        if (kind != Kind.EXPONENTIAL && (n < 1 || n > 100)) {
            throw new IllegalArgumentException("interaction vertex n is " + n + "; accepted: integer in [1, 100]");
        }
        if (!Float.isFinite(leak) || leak < 0) {
            throw new IllegalArgumentException("leak is " + leak + "; accepted: a finite number >= 0");
        }
    }

    /**
     * {@code F(x) = x^n}.
     *
     * @param n the vertex, from 1 to 100
     * @return the function
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public static Interaction polynomial(int n) {
        return new Interaction(Kind.POLYNOMIAL, n, 0f);
    }

    /**
     * {@code F(x) = x^n} for {@code x > 0}, else 0.
     *
     * @param n the vertex, from 1 to 100
     * @return the function
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public static Interaction rectified(int n) {
        return new Interaction(Kind.RECTIFIED, n, 0f);
    }

    /**
     * {@code F(x) = x^n} for {@code x > 0}, else {@code 0.01 · x} ({@link #DEFAULT_LEAK}).
     *
     * @param n the vertex, from 1 to 100
     * @return the function
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public static Interaction leakyRectified(int n) {
        return new Interaction(Kind.LEAKY_RECTIFIED, n, DEFAULT_LEAK);
    }

    /**
     * {@code F(x) = e^x}.
     *
     * @return the function
     */
    public static Interaction exponential() {
        return new Interaction(Kind.EXPONENTIAL, 1, 0f);
    }

    /**
     * From a kind id and vertex, as parameters give them (the leaky kind gets {@link #DEFAULT_LEAK}).
     *
     * @param kindId the kind's id, e.g. {@code polynomial}
     * @param n      the vertex, from 1 to 100 (ignored for {@code exponential})
     * @return the function
     * @throws IllegalArgumentException when the id is unknown or {@code n} is out of range
     */
    public static Interaction of(String kindId, int n) {
        Kind k = Kind.fromId(kindId);
        return new Interaction(k, n, k == Kind.LEAKY_RECTIFIED ? DEFAULT_LEAK : 0f);
    }

    /**
     * x^n by repeated squaring (exact for the integer powers used here).
     *
     * @param x the base
     * @param n the exponent, at least 0 (0 gives 1)
     * @return {@code x^n}
     */
    public static double pow(double x, int n) {
        double r = 1;
        double b = x;
        int e = n;
        while (e > 0) {
            if ((e & 1) != 0) {
                r *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return r;
    }

    /**
     * F(x); for {@code EXPONENTIAL} this is e^(x - shift), so that a caller can keep the exponent bounded.
     *
     * @param x     the argument
     * @param shift subtracted from the exponent of {@code EXPONENTIAL}; ignored by the other kinds
     * @return the value
     */
    public double apply(double x, double shift) {
        return switch (kind) {
            case POLYNOMIAL -> pow(x, n);
            case RECTIFIED -> x > 0 ? pow(x, n) : 0;
            case LEAKY_RECTIFIED -> x > 0 ? pow(x, n) : leak * x;
            case EXPONENTIAL -> Math.exp(x - shift);
        };
    }

    /**
     * F(x), with no shift.
     *
     * @param x the argument
     * @return the value
     */
    public double apply(double x) {
        return apply(x, 0);
    }

    /**
     * F'(x); for {@code EXPONENTIAL}, e^(x - shift).
     *
     * @param x     the argument
     * @param shift subtracted from the exponent of {@code EXPONENTIAL}; ignored by the other kinds
     * @return the derivative
     */
    public double derivative(double x, double shift) {
        return switch (kind) {
            case POLYNOMIAL -> n * pow(x, n - 1);
            case RECTIFIED -> x > 0 ? n * pow(x, n - 1) : 0;
            case LEAKY_RECTIFIED -> x > 0 ? n * pow(x, n - 1) : leak;
            case EXPONENTIAL -> Math.exp(x - shift);
        };
    }

    /**
     * F'(x), with no shift.
     *
     * @param x the argument
     * @return the derivative
     */
    public double derivative(double x) {
        return derivative(x, 0);
    }

    /**
     * The function for messages: {@code exponential}, {@code polynomial(n=3)}, {@code leaky(n=3, leak=0.01)}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return kind == Kind.EXPONENTIAL ? "exponential"
                : String.format(Locale.ROOT, "%s(n=%d%s)", kind.id(), n, kind == Kind.LEAKY_RECTIFIED ? ", leak=" + leak : "");
    }
}
