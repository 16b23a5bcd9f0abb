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
 * The methods here are the scalar definition every kernel must agree with.
 */
public record Interaction(Kind kind, int n, float leak) {

    public enum Kind {
        POLYNOMIAL("polynomial"),
        RECTIFIED("rectified"),
        LEAKY_RECTIFIED("leaky"),
        EXPONENTIAL("exponential");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name used in parameters, configs and results. */
        public String id() {
            return id;
        }

        public static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown interaction function '" + id + "'; accepted: " + ids());
        }

        public static List<String> ids() {
            return java.util.Arrays.stream(values()).map(Kind::id).toList();
        }
    }

    /** Default leak of {@link Kind#LEAKY_RECTIFIED}. */
    public static final float DEFAULT_LEAK = 0.01f;

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

    public static Interaction polynomial(int n) {
        return new Interaction(Kind.POLYNOMIAL, n, 0f);
    }

    public static Interaction rectified(int n) {
        return new Interaction(Kind.RECTIFIED, n, 0f);
    }

    public static Interaction leakyRectified(int n) {
        return new Interaction(Kind.LEAKY_RECTIFIED, n, DEFAULT_LEAK);
    }

    public static Interaction exponential() {
        return new Interaction(Kind.EXPONENTIAL, 1, 0f);
    }

    /** From a kind id and vertex, as parameters give them. */
    public static Interaction of(String kindId, int n) {
        Kind k = Kind.fromId(kindId);
        return new Interaction(k, n, k == Kind.LEAKY_RECTIFIED ? DEFAULT_LEAK : 0f);
    }

    /** x^n by repeated squaring (exact for the integer powers used here). */
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

    /** F(x); for {@code EXPONENTIAL} this is e^(x - shift), so that a caller can keep the exponent bounded. */
    public double apply(double x, double shift) {
        return switch (kind) {
            case POLYNOMIAL -> pow(x, n);
            case RECTIFIED -> x > 0 ? pow(x, n) : 0;
            case LEAKY_RECTIFIED -> x > 0 ? pow(x, n) : leak * x;
            case EXPONENTIAL -> Math.exp(x - shift);
        };
    }

    public double apply(double x) {
        return apply(x, 0);
    }

    /** F'(x); for {@code EXPONENTIAL}, e^(x - shift). */
    public double derivative(double x, double shift) {
        return switch (kind) {
            case POLYNOMIAL -> n * pow(x, n - 1);
            case RECTIFIED -> x > 0 ? n * pow(x, n - 1) : 0;
            case LEAKY_RECTIFIED -> x > 0 ? n * pow(x, n - 1) : leak;
            case EXPONENTIAL -> Math.exp(x - shift);
        };
    }

    public double derivative(double x) {
        return derivative(x, 0);
    }

    @Override
    public String toString() {
        return kind == Kind.EXPONENTIAL ? "exponential"
                : String.format(Locale.ROOT, "%s(n=%d%s)", kind.id(), n, kind == Kind.LEAKY_RECTIFIED ? ", leak=" + leak : "");
    }
}
