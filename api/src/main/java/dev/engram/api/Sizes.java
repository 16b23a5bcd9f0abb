package dev.engram.api;

import java.util.Locale;

/**
 * Sizes computed in {@code long} and checked before anything is allocated. A model, a study or a file reader
 * asks {@link #requireMemory} or {@link #requireArray} before it allocates an array whose length depends on the input (N² weights, K·N
 * memories, steps, payloads); a size that no Java array can hold, or that needs more memory than this JVM may
 * use ({@link Runtime#maxMemory()}), is an {@link IllegalArgumentException} with one line that says what is
 * needed and what the JVM has:
 * <pre>
 * hopfield with N = 40,000 needs 6.0 GB of weights; this JVM may use 4.0 GB; set ENGRAM_JAVA_OPTS=-Xmx8g (or -Xmx of your JVM), or use a smaller size
 * </pre>
 * Products saturate at {@link Long#MAX_VALUE} instead of overflowing, so a check can never pass by overflow.
 * The methods are static and thread-safe.
 *
 * @since 0.2
 */
public final class Sizes {
    /** The longest array a HotSpot JVM allocates. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final long KB = 1L << 10;
    private static final long GB = 1L << 30;

    private Sizes() {
    }

    /**
     * {@code a · b}, or {@link Long#MAX_VALUE} when it overflows (negative inputs count as 0).
     *
     * @param a a factor
     * @param b the other factor
     * @return the product, from 0 to {@link Long#MAX_VALUE}
     */
    public static long times(long a, long b) {
        if (a <= 0 || b <= 0) {
            return 0;
        }
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /**
     * {@code a · b · c}, saturating.
     *
     * @param a a factor
     * @param b a second factor
     * @param c a third factor
     * @return the product, from 0 to {@link Long#MAX_VALUE}
     */
    public static long times(long a, long b, long c) {
        return times(times(a, b), c);
    }

    /**
     * {@code a + b}, saturating (negative inputs count as 0).
     *
     * @param a a term
     * @param b the other term
     * @return the sum, from 0 to {@link Long#MAX_VALUE}
     */
    public static long plus(long a, long b) {
        long s = Math.max(0, a) + Math.max(0, b);
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /**
     * Checks that {@code bytes} more bytes fit into this JVM.
     *
     * @param who  what needs them, starting the message: {@code "hopfield with N = 1,000,000"}
     * @param bytes the number of bytes needed (a saturated {@link Long#MAX_VALUE} is always refused)
     * @param what what they hold: {@code "weights"}
     * @throws SizeLimitException when the JVM may use fewer bytes than that
     */
    public static void requireMemory(String who, long bytes, String what) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new SizeLimitException(who + " needs " + bytes(bytes) + " of " + what + "; this JVM may use "
                    + bytes(max) + "; " + advice(bytes));
        }
    }

    /**
     * Checks one array of {@code length} elements of {@code elementBytes} bytes each: that a Java array can hold
     * it and that it fits into this JVM.
     *
     * @param who          what needs the array, starting the message: {@code "dam with K = 1,000"}
     * @param length       the number of elements
     * @param elementBytes the size of one element in bytes: 4 for {@code float}, 8 for {@code long}
     * @param what         what the elements are: {@code "memory values"}
     * @return the length as an {@code int}
     * @throws SizeLimitException when it is longer than {@link #MAX_ARRAY} or needs more memory than this JVM may
     *                            use
     * @throws IllegalArgumentException when {@code length} is negative
     */
    public static int requireArray(String who, long length, int elementBytes, String what) {
        if (length < 0) {
            throw new IllegalArgumentException(who + " asks for " + length + " " + what + "; expected a length >= 0");
        }
        requireMemory(who, times(length, elementBytes), what);
        if (length > MAX_ARRAY) {
            throw new SizeLimitException(who + " needs " + count(length) + " " + what
                    + " in one array; a Java array holds at most " + count(MAX_ARRAY) + "; use a smaller size");
        }
        return (int) length;
    }

    /**
     * A count with thousands separators: {@code 1,000,000}.
     *
     * @param n the count
     * @return the text
     */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A byte count for people: {@code 512 bytes}, {@code 4.0 KB}, {@code 6.0 GB}, {@code 4.0 TB}.
     *
     * @param b the number of bytes; {@link Long#MAX_VALUE} (a saturated size) reads {@code more than 8 EB}
     * @return the text, in binary units (1 KB = 1024 bytes)
     */
    public static String bytes(long b) {
        if (b == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        if (b < KB) {
            return b + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** What to do about it: a heap about 20 % larger than needed, in whole gigabytes. */
    private static String advice(long bytes) {
        if (bytes >= Long.MAX_VALUE / 2) {
            return "no JVM can hold that; use a smaller size";
        }
        if (bytes > 16L * 1024 * GB) {
            return "that is more than a large server has; use a smaller size";
        }
        long gb = Math.max(1, (long) Math.ceil(bytes * 1.2 / GB));
        return "set ENGRAM_JAVA_OPTS=-Xmx" + gb + "g (or -Xmx of your JVM), or use a smaller size";
    }
}
