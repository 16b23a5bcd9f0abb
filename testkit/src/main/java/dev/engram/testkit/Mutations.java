package dev.engram.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded mutation engine for fuzz tests (Jazzer resolves from Maven Central but cannot instrument JDK 25 class
 * files, so it would fuzz blind): bit flips, interesting bytes, truncation, insertion, deletion and duplication
 * of ranges, and extreme values written over 4- and 8-byte fields. The same seed gives the same inputs.
 * Engram fuzzes its model-file, pattern-file and config readers with it; a plugin author can fuzz a model's
 * {@code readState} the same way. {@link #inputs} and {@link #seed} read {@code -Dengram.fuzz.inputs} and
 * {@code -Dengram.fuzz.seed} for long runs (docs/robustness.md).
 *
 * @since 0.2
 */
public final class Mutations {
    /** Values that break length and index arithmetic. */
    public static final int[] EXTREME_INTS = {0, 1, -1, 2, 63, 64, 65, 127, 128, 255, 256, 65535, 65536, 1 << 20, 1 << 26,
        46341, 2147483584, Integer.MAX_VALUE, Integer.MAX_VALUE - 8, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -2};
    /** Values that break 8-byte length and offset fields. */
    public static final long[] EXTREME_LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE,
        1L << 32, (1L << 31) + 8, 0x7fffffffffffff00L};
    /** Bytes that matter to parsers: 0, -1, sign and quote characters, brackets, line breaks. */
    public static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, 0x20, 0x0a, '+', '-', '=', '"', '[', ']', '{', '}', '#'};

    private final SplittableRandom rng;

    /** A mutation engine drawing from {@code seed}. */
    public Mutations(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** The generator the mutations draw from (for a test's own choices, in the same seeded stream). */
    public SplittableRandom random() {
        return rng;
    }

    /** One to four mutations of {@code seed} (never changed itself). */
    public byte[] mutate(byte[] seed) {
        byte[] b = seed.clone();
        int rounds = 1 + rng.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = once(b);
        }
        return b;
    }

    private byte[] once(byte[] b) {
        int op = rng.nextInt(10);
        if (b.length == 0) {
            op = 4;
        }
        switch (op) {
            case 0, 1 -> { // flip 1..8 bits
                int flips = 1 + rng.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int at = rng.nextInt(b.length);
                    b[at] ^= (byte) (1 << rng.nextInt(8));
                }
                return b;
            }
            case 2 -> { // an interesting byte
                b[rng.nextInt(b.length)] = INTERESTING[rng.nextInt(INTERESTING.length)];
                return b;
            }
            case 3 -> { // truncate
                return Arrays.copyOf(b, rng.nextInt(b.length + 1));
            }
            case 4 -> { // insert random or interesting bytes
                int at = rng.nextInt(b.length + 1);
                int len = 1 + rng.nextInt(rng.nextInt(10) == 0 ? 4096 : 16);
                byte[] ins = new byte[len];
                for (int i = 0; i < len; i++) {
                    ins[i] = rng.nextBoolean() ? (byte) rng.nextInt(256) : INTERESTING[rng.nextInt(INTERESTING.length)];
                }
                return splice(b, at, 0, ins);
            }
            case 5 -> { // delete a range
                int at = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(64, b.length - at));
                return splice(b, at, len, new byte[0]);
            }
            case 6 -> { // duplicate a range
                int at = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(256, b.length - at));
                return splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
            }
            case 7, 8 -> { // an extreme int over 4 bytes (length and dimension fields)
                if (b.length < 4) {
                    return b;
                }
                int at = rng.nextInt(b.length - 3);
                int v = rng.nextInt(4) == 0 ? rng.nextInt() : EXTREME_INTS[rng.nextInt(EXTREME_INTS.length)];
                putInt(b, at, v);
                return b;
            }
            default -> { // an extreme long over 8 bytes
                if (b.length < 8) {
                    return b;
                }
                int at = rng.nextInt(b.length - 7);
                long v = EXTREME_LONGS[rng.nextInt(EXTREME_LONGS.length)];
                for (int i = 0; i < 8; i++) {
                    b[at + i] = (byte) (v >>> (56 - 8 * i));
                }
                return b;
            }
        }
    }

    /** Text mutations on top of the byte ones: whole lines deleted, doubled, swapped, odd tokens inserted. */
    public String mutateText(String seed) {
        String[] tokens = {"", " ", "\t", "\n", "\r\n", "#", "=", "\"", "'", "[", "]", "[[", "]]", "{", "}", ",", ".",
            "0", "-0", "1", "-1", "3.7", "1e309", "-1e309", "NaN", "Infinity", "2147483648", "99999999999999999999",
            "9223372036854775808", "true", "null", "\u0000", "\u00e9", "\uD83D\uDE00", "\uFFFD", "+", "-", "+-+-",
            "x".repeat(300)};
        if (rng.nextInt(3) == 0) {
            return new String(mutate(seed.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        String[] lines = seed.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        int op = rng.nextInt(4);
        int pick = rng.nextInt(lines.length);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == pick) {
                switch (op) {
                    case 0 -> line = null;                                     // delete the line
                    case 1 -> line = line + "\n" + line;                       // double it
                    case 2 -> {                                                 // insert a token
                        int at = line.isEmpty() ? 0 : rng.nextInt(line.length() + 1);
                        line = line.substring(0, at) + tokens[rng.nextInt(tokens.length)] + line.substring(at);
                    }
                    default -> {                                                // replace a value after '='
                        int eq = line.indexOf('=');
                        line = (eq >= 0 ? line.substring(0, eq + 1) + " " : line) + tokens[rng.nextInt(tokens.length)];
                    }
                }
            }
            if (line != null) {
                sb.append(line);
                if (i < lines.length - 1) {
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** Writes {@code v} big-endian over the four bytes of {@code b} at {@code at} (as DataOutput writes an int). */
    public static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    /** How many inputs a fuzz test runs: {@code -Dengram.fuzz.inputs=N}, or {@code quick} in the normal suite. */
    public static int inputs(int quick) {
        String p = System.getProperty("engram.fuzz.inputs");
        if (p == null || p.isBlank()) {
            return quick;
        }
        try {
            int n = Integer.parseInt(p.trim());
            if (n < 1) {
                throw new IllegalArgumentException();
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Dengram.fuzz.inputs is '" + p + "'; accepted: an integer >= 1");
        }
    }

    /** The seed of a fuzz run: {@code -Dengram.fuzz.seed=S}, default 1. */
    public static long seed() {
        String p = System.getProperty("engram.fuzz.seed");
        return p == null || p.isBlank() ? 1L : Long.parseLong(p.trim());
    }
}
