package dev.engram.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void productsSaturateInsteadOfOverflowing() {
        assertEquals(1_000_000_000_000L, Sizes.times(1_000_000, 1_000_000));
        assertEquals(Long.MAX_VALUE, Sizes.times(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, Sizes.times(Long.MAX_VALUE / 2 + 1, 2));
        assertEquals(0, Sizes.times(-5, 7));
        assertEquals(Long.MAX_VALUE, Sizes.plus(Long.MAX_VALUE, 1));
        // the int product that used to pass the checks by overflow
        assertTrue(2147483584 * 2147483584 < Integer.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, Sizes.times(Sizes.times(2147483584L, 2147483584L), 4));
    }

    @Test
    void bytesForPeople() {
        assertEquals("512 bytes", Sizes.bytes(512));
        assertEquals("4.0 KB", Sizes.bytes(4096));
        assertEquals("6.0 GB", Sizes.bytes(6L << 30));
        assertEquals("3.6 TB", Sizes.bytes(4_000_000_000_000L));
        assertEquals("1,048,576", Sizes.count(1 << 20));
    }

    @Test
    void tooMuchMemoryIsOneLineSayingWhatIsNeededAndWhatTheJvmHas() {
        long max = Runtime.getRuntime().maxMemory();
        SizeLimitException e = assertThrows(SizeLimitException.class,
                () -> Sizes.requireMemory("hopfield with N = 5,000,000", 100_000_000_000_000L, "weights"));
        assertEquals("hopfield with N = 5,000,000 needs 90.9 TB of weights; this JVM may use " + Sizes.bytes(max)
                + "; that is more than a large server has; use a smaller size", e.getMessage());
        e = assertThrows(SizeLimitException.class,
                () -> Sizes.requireMemory("hopfield with N = 1,000,000", 4_000_000_000_000L, "weights"));
        assertTrue(e.getMessage().startsWith("hopfield with N = 1,000,000 needs 3.6 TB of weights; this JVM may use "
                + Sizes.bytes(max) + "; set ENGRAM_JAVA_OPTS=-Xmx4471g"), e.getMessage());
        e = assertThrows(SizeLimitException.class, () -> Sizes.requireMemory("x", max + (1L << 30), "weights"));
        assertTrue(e.getMessage().contains("set ENGRAM_JAVA_OPTS=-Xmx") && !e.getMessage().contains("\n"), e.getMessage());
        Sizes.requireMemory("x", max / 2, "weights"); // fits: no exception
    }

    @Test
    void arraysLongerThanJavaAllowsAreRefusedEvenWhenTheyWouldFit() {
        SizeLimitException e = assertThrows(SizeLimitException.class,
                () -> Sizes.requireArray("bits", Sizes.MAX_ARRAY + 1, 0, "flags"));
        assertTrue(e.getMessage().contains("in one array; a Java array holds at most 2,147,483,639"), e.getMessage());
        assertEquals(1000, Sizes.requireArray("x", 1000, 4, "floats"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.requireArray("x", -1, 4, "floats"));
    }
}
