package dev.engram.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BipolarPatternTest {

    private static int[] randomValues(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1 : -1;
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 1000})
    void packingRoundTripsThroughEveryForm(int n) {
        int[] v = randomValues(n, 42 + n);
        BipolarPattern p = BipolarPattern.of(v);
        assertEquals(n, p.size());
        assertEquals((n + 63) / 64, p.wordCount());
        assertArrayEquals(v, p.toIntArray());
        for (int i = 0; i < n; i++) {
            assertEquals(v[i], p.get(i));
        }
        byte[] b = new byte[n];
        float[] f = new float[n];
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b[i] = (byte) v[i];
            f[i] = v[i];
            s.append(v[i] > 0 ? '+' : '-');
        }
        assertEquals(p, BipolarPattern.of(b));
        assertEquals(p, BipolarPattern.of(f));
        assertEquals(p, BipolarPattern.parse(s.toString()));
        assertEquals(s.toString(), p.toString());
        assertEquals(p, BipolarPattern.fromWords(p.words(), n));
        assertArrayEquals(f, p.toFloatArray());
        // the unused high bits of the last word are zero, even for an all-plus pattern
        long[] w = BipolarPattern.constant(n, 1).words();
        assertEquals(0L, w[w.length - 1] & ~BipolarPattern.lastWordMask(n));
        assertEquals(n, BipolarPattern.constant(n, 1).plusCount());
        long[] nw = p.negate().words();
        assertEquals(0L, nw[nw.length - 1] & ~BipolarPattern.lastWordMask(n));
        assertEquals(n, p.hamming(p.negate()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 1000})
    void overlapAndHammingMatchANaiveLoop(int n) {
        SplittableRandom r = new SplittableRandom(7 * n);
        for (int trial = 0; trial < 20; trial++) {
            int[] a = randomValues(n, r.nextLong());
            int[] b = randomValues(n, r.nextLong());
            int dot = 0;
            int diff = 0;
            for (int i = 0; i < n; i++) {
                dot += a[i] * b[i];
                diff += a[i] != b[i] ? 1 : 0;
            }
            BipolarPattern pa = BipolarPattern.of(a);
            BipolarPattern pb = BipolarPattern.of(b);
            assertEquals(dot, pa.overlap(pb));
            assertEquals(diff, pa.hamming(pb));
            assertEquals(n, pa.overlap(pa));
        }
    }

    @Test
    void flipAndWithChangeOneComponentAndLeaveTheOriginal() {
        BipolarPattern p = BipolarPattern.parse("+-+-");
        BipolarPattern q = p.flip(1);
        assertEquals("+++-", q.toString());
        assertEquals("+-+-", p.toString());
        assertEquals("+-+-", q.with(1, -1).toString());
        assertEquals(1, p.hamming(q));
        assertNotEquals(p, q);
    }

    @Test
    void randomCorruptionsAreSeeded() {
        BipolarPattern p = BipolarPattern.random(200, new SplittableRandom(1));
        assertEquals(p, BipolarPattern.random(200, new SplittableRandom(1)));
        BipolarPattern c = p.flipRandom(20, new SplittableRandom(3));
        assertEquals(20, p.hamming(c));
        assertEquals(c, p.flipRandom(20, new SplittableRandom(3)));
    }

    @Test
    void badInputIsRefusedWithTheValueAndWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BipolarPattern.of(1, 0, -1));
        assertTrue(e.getMessage().contains("component 1 is 0") && e.getMessage().contains("+1 or -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BipolarPattern.of(new float[] {1f, Float.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BipolarPattern.of(new float[] {1f, 0.5f}));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BipolarPattern.of(new int[0]));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BipolarPattern.parse("+-x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BipolarPattern.parse("+-").overlap(BipolarPattern.parse("+-+")));
        assertTrue(e.getMessage().contains("dimension mismatch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BipolarPattern.fromWords(new long[] {0b1000L}, 3));
        assertTrue(e.getMessage().contains("must be zero"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BipolarPattern.signOf(new float[] {Float.NaN}));
        assertThrows(IndexOutOfBoundsException.class, () -> BipolarPattern.parse("+-").get(2));
    }

    @Test
    void realVectorsRejectNonFiniteValuesAndMaskExactly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealVector.of(1f, Float.NaN));
        assertTrue(e.getMessage().contains("component 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RealVector.of(Float.POSITIVE_INFINITY));
        BipolarPattern p = BipolarPattern.random(100, new SplittableRandom(5));
        RealVector m = RealVector.masked(p, 0.6, new SplittableRandom(9));
        int zeros = 0;
        for (int i = 0; i < 100; i++) {
            if (m.get(i) == 0f) {
                zeros++;
            } else {
                assertEquals(p.get(i), (int) m.get(i));
            }
        }
        assertEquals(60, zeros);
    }

    @Test
    void neuronMasksValidate() {
        NeuronMask m = NeuronMask.range(10, 8, 10);
        assertEquals(2, m.count());
        assertTrue(m.contains(9));
        assertThrows(IllegalArgumentException.class, () -> NeuronMask.of(10, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> NeuronMask.of(10, 10));
        assertThrows(IllegalArgumentException.class, () -> m.requireDimension(11));
    }
}
