package dev.engram.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.KeyValueMemory;
import dev.engram.api.RealVector;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KvMemoryTest {
    private static final Registry REGISTRY = Registry.load();

    static KeyValueMemory kv(int d, Map<String, ?> params) {
        return make("kv", d, params);
    }

    static KeyValueMemory make(String name, int d, Map<String, ?> params) {
        ModelProvider p = REGISTRY.model(name);
        return (KeyValueMemory) p.create(new ModelContext(d, p.parseParams(params), REGISTRY.kernels(), 7));
    }

    static List<BipolarPattern> patterns(int count, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<BipolarPattern> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(BipolarPattern.random(d, r));
        }
        return out;
    }

    /** Fraction of bits with sign(y) equal to x; sign(0) counts wrong. */
    static double bits(BipolarPattern x, RealVector y) {
        int ok = 0;
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) * y.get(i) > 0) {
                ok++;
            }
        }
        return ok / (double) x.size();
    }

    static double maskedAccuracy(KeyValueMemory mem, List<BipolarPattern> items, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double acc = 0;
        for (BipolarPattern x : items) {
            acc += bits(x, mem.read(RealVector.masked(x, 0.6, r)));
        }
        return acc / items.size();
    }

    static void storeAll(KeyValueMemory mem, List<BipolarPattern> items) {
        for (BipolarPattern x : items) {
            mem.write(x.toRealVector(), x.toRealVector(), 1f);
        }
    }

    @Test
    void sequentialRecallsNItemsFromMaskedQueries() {
        KeyValueMemory mem = kv(40, Map.of());
        List<BipolarPattern> items = patterns(40, 40, 1);
        storeAll(mem, items);
        assertTrue(maskedAccuracy(mem, items, 2) >= 0.99);
        assertEquals(40, mem.keyDimension());
        assertEquals(40, mem.valueDimension());
    }

    @Test
    void sequentialOverwritesOldestSlotAfterN() {
        KeyValueMemory mem = kv(40, Map.of());
        List<BipolarPattern> items = patterns(60, 40, 3);
        storeAll(mem, items);
        // items 0..19 were overwritten by 40..59; 20..59 survive
        assertTrue(maskedAccuracy(mem, items.subList(20, 60), 4) >= 0.99);
        assertTrue(maskedAccuracy(mem, items.subList(0, 20), 4) < 0.75);
    }

    @Test
    void pointerAdvancesOnQZero() {
        KeyValueMemory mem = kv(10, Map.of());
        List<BipolarPattern> items = patterns(2, 10, 5);
        mem.write(items.get(0).toRealVector(), items.get(0).toRealVector(), 1f);
        for (int i = 0; i < 9; i++) {
            mem.write(items.get(1).toRealVector(), items.get(1).toRealVector(), 0f);
        }
        // step 10 uses slot 0 again and overwrites item 0
        mem.write(items.get(1).toRealVector(), items.get(1).toRealVector(), 1f);
        assertTrue(bits(items.get(0), mem.read(items.get(0).toRealVector())) < 1.0);
    }

    @Test
    void randomSlotsRecallWorseThanSequential() {
        List<BipolarPattern> items = patterns(40, 40, 6);
        KeyValueMemory rnd = kv(40, Map.of("slots", "random", "write-prob", "0.1"));
        storeAll(rnd, items);
        double a = maskedAccuracy(rnd, items, 7);
        assertTrue(a > 0.6 && a < 0.95, "random p=0.1 accuracy at T=N " + a);
        KvMemory def = (KvMemory) kv(80, Map.of("slots", "random"));
        assertEquals(0.05, def.writeProbability(), 1e-12);
    }

    @Test
    void heteroassociativeValues() {
        KeyValueMemory mem = kv(40, Map.of("value-dim", "20"));
        List<BipolarPattern> keys = patterns(30, 40, 8);
        List<BipolarPattern> vals = patterns(30, 20, 9);
        for (int i = 0; i < 30; i++) {
            mem.write(keys.get(i).toRealVector(), vals.get(i).toRealVector(), 1f);
        }
        SplittableRandom r = new SplittableRandom(10);
        for (int i = 0; i < 30; i++) {
            assertEquals(1.0, bits(vals.get(i), mem.read(RealVector.masked(keys.get(i), 0.6, r))));
        }
    }

    @Test
    void generalRuleWithPreOnlyKeysAndHebbianValuesRecalls() {
        KeyValueMemory mem = kv(40, Map.of("rule", "general", "key-rate", "1", "key-post-scale", "0",
                "key-post-shift", "1", "value-rate", "1", "value-decay", "1"));
        List<BipolarPattern> items = patterns(40, 40, 11);
        storeAll(mem, items);
        assertTrue(maskedAccuracy(mem, items, 12) >= 0.99);
        // the initial rule (post-dependent key rule: keys stay near zero) cannot
        KeyValueMemory init = kv(40, Map.of("rule", "general"));
        storeAll(init, items);
        assertTrue(maskedAccuracy(init, items, 12) < 0.9);
    }

    @Test
    void flashbulbItemSurvivesOverwrites() {
        List<BipolarPattern> items = patterns(121, 20, 13);
        for (boolean fb : new boolean[] {true, false}) {
            KeyValueMemory mem = kv(20, Map.of("flashbulb", fb, "slots-count", "20"));
            BipolarPattern special = items.get(0);
            mem.write(special.toRealVector(), special.toRealVector(), fb ? 10f : 1f);
            storeAll(mem, items.subList(1, 121));
            double a = bits(special, mem.read(RealVector.masked(special, 0.6, new SplittableRandom(14))));
            if (fb) {
                assertEquals(1.0, a);
                // the ordinary items that did not land in the stable slot are still recalled
                assertTrue(maskedAccuracy(mem, items.subList(102, 121), 15) >= 0.95);
            } else {
                assertTrue(a < 0.9);
            }
        }
    }

    @Test
    void badInput() {
        KeyValueMemory mem = kv(10, Map.of());
        RealVector x = BipolarPattern.random(10, new SplittableRandom(1)).toRealVector();
        RealVector short9 = RealVector.zeros(9);
        assertThrows(IllegalArgumentException.class, () -> mem.write(short9, x, 1f));
        assertThrows(IllegalArgumentException.class, () -> mem.write(x, short9, 1f));
        assertThrows(IllegalArgumentException.class, () -> mem.read(short9));
        for (float q : new float[] {-0.1f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mem.write(x, x, q));
            assertTrue(e.getMessage().contains("q is"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RealVector.of(1f, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> kv(10, Map.of("flashbulb", "true", "rule", "general")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kv(10, Map.of("slot", "x")));
        assertTrue(e.getMessage().contains("slots-count"));
        assertThrows(IllegalArgumentException.class, () -> kv(10, Map.of("slots", "lru")));
        assertThrows(IllegalArgumentException.class, () -> kv(10, Map.of("write-prob", "1.5")));
        KeyValueMemory bam = make("bam", 10, Map.of());
        assertThrows(IllegalArgumentException.class, () -> bam.write(x, x, 2f));
        assertThrows(IllegalArgumentException.class, () -> bam.read(short9));
        mem.freeze();
        assertThrows(IllegalStateException.class, () -> mem.write(x, x, 1f));
    }

    @Test
    void stateRoundTrip() throws Exception {
        for (String rule : new String[] {"simple", "general"}) {
            ModelProvider p = REGISTRY.model("kv");
            ModelContext ctx = new ModelContext(30, p.parseParams(Map.of("rule", rule, "slots", "random")),
                    REGISTRY.kernels(), 3);
            KeyValueMemory a = (KeyValueMemory) p.create(ctx);
            List<BipolarPattern> items = patterns(25, 30, 17);
            storeAll(a, items.subList(0, 20));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.writeState(new DataOutputStream(bytes));
            KeyValueMemory b = (KeyValueMemory) p.read(ctx, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            storeAll(a, items.subList(20, 25));
            storeAll(b, items.subList(20, 25));
            for (BipolarPattern x : items) {
                assertEquals(a.read(x.toRealVector()), b.read(x.toRealVector()));
            }
        }
    }

    @Test
    void modelFileRoundTripKeepsTheSeedOfRandomSlots(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ModelProvider p = REGISTRY.model("kv");
        KeyValueMemory a = (KeyValueMemory) p.create(new ModelContext(30,
                p.parseParams(Map.of("slots", "random", "value-dim", "12")), REGISTRY.kernels(), 99));
        List<BipolarPattern> keys = patterns(25, 30, 31);
        List<BipolarPattern> vals = patterns(25, 12, 32);
        for (int i = 0; i < 15; i++) {
            a.write(keys.get(i).toRealVector(), vals.get(i).toRealVector(), 1f);
        }
        java.nio.file.Path f = dir.resolve("kv.model");
        dev.engram.api.ModelFiles.save(a, f);
        KeyValueMemory b = (KeyValueMemory) dev.engram.api.ModelFiles.load(f, REGISTRY);
        assertEquals(12, b.valueDimension());
        for (int i = 15; i < 25; i++) {
            a.write(keys.get(i).toRealVector(), vals.get(i).toRealVector(), 1f);
            b.write(keys.get(i).toRealVector(), vals.get(i).toRealVector(), 1f);
        }
        for (BipolarPattern x : keys) {
            assertEquals(a.read(x.toRealVector()), b.read(x.toRealVector()));
        }
        KeyValueMemory bam = make("bam", 30, Map.of("value-dim", "12"));
        bam.write(keys.get(0).toRealVector(), vals.get(0).toRealVector(), 1f);
        dev.engram.api.ModelFiles.save(bam, dir.resolve("bam.model"));
        KeyValueMemory bam2 = (KeyValueMemory) dev.engram.api.ModelFiles.load(dir.resolve("bam.model"), REGISTRY);
        assertEquals(bam.read(keys.get(0).toRealVector()), bam2.read(keys.get(0).toRealVector()));
    }

    @Test
    void bamStoresAFewPairsAndDecays() {
        KeyValueMemory bam = make("bam", 40, Map.of("value-dim", "20"));
        List<BipolarPattern> keys = patterns(3, 40, 18);
        List<BipolarPattern> vals = patterns(3, 20, 19);
        for (int i = 0; i < 3; i++) {
            bam.write(keys.get(i).toRealVector(), vals.get(i).toRealVector(), 1f);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, bits(vals.get(i), bam.read(keys.get(i).toRealVector())));
        }
        assertEquals(RealVector.zeros(20), bam.read(RealVector.zeros(40)), "sign(0) stays 0");
        KeyValueMemory decaying = make("bam", 40, Map.of("value-dim", "20", "decay", "0.5"));
        List<BipolarPattern> many = patterns(30, 40, 20);
        List<BipolarPattern> manyVals = patterns(30, 20, 21);
        for (int i = 0; i < 30; i++) {
            decaying.write(many.get(i).toRealVector(), manyVals.get(i).toRealVector(), 1f);
        }
        assertEquals(1.0, bits(manyVals.get(29), decaying.read(many.get(29).toRealVector())));
        assertFalse(bits(manyVals.get(0), decaying.read(many.get(0).toRealVector())) == 1.0);
    }

    @Test
    void globalThirdFactorIsAffineInQ() {
        // the authors' i2tf: q' = a q + b (clamped at 0 here); defaults a = 1, b = 0 change nothing
        List<BipolarPattern> items = patterns(20, 40, 3);
        KeyValueMemory shifted = kv(40, Map.of("global-shift", "1"));
        for (BipolarPattern x : items) {
            shifted.write(x.toRealVector(), x.toRealVector(), 0f); // q = 0, but q' = 1: stored
        }
        assertEquals(1.0, maskedAccuracy(shifted, items, 5), 1e-12);
        KeyValueMemory off = kv(40, Map.of("global-scale", "0"));
        for (BipolarPattern x : items) {
            off.write(x.toRealVector(), x.toRealVector(), 1f); // q' = 0: nothing stored
        }
        assertTrue(maskedAccuracy(off, items, 5) < 0.7, "nothing was stored: " + maskedAccuracy(off, items, 5));
        KeyValueMemory plain = kv(40, Map.of());
        KeyValueMemory unit = kv(40, Map.of("global-scale", "1", "global-shift", "0"));
        for (BipolarPattern x : items) {
            plain.write(x.toRealVector(), x.toRealVector(), 1f);
            unit.write(x.toRealVector(), x.toRealVector(), 1f);
        }
        assertEquals(plain.read(items.get(3).toRealVector()), unit.read(items.get(3).toRealVector()));
    }
}
