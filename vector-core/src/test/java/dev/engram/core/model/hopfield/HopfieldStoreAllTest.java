package dev.engram.core.model.hopfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass Hebbian {@code storeAll} gives exactly the weights of storing the patterns one at a time. */
class HopfieldStoreAllTest {

    private static HopfieldNetwork make(Registry r, Map<String, String> params) {
        ModelProvider p = r.model("hopfield");
        return (HopfieldNetwork) p.create(new ModelContext(97, p.parseParams(params), r.kernels(), 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zero", "keep"})
    void storeAllEqualsStoringOneAtATime(String diagonal) {
        Registry r = Registry.load();
        SplittableRandom rng = new SplittableRandom(11);
        List<BipolarPattern> ps = new ArrayList<>();
        for (int mu = 0; mu < 9; mu++) {
            ps.add(BipolarPattern.random(97, rng));
        }
        Map<String, String> params = Map.of("rule", "hebbian", "diagonal", diagonal, "rate", "0.7");
        HopfieldNetwork batch = make(r, params);
        HopfieldNetwork single = make(r, params);
        batch.store(ps.get(0));
        single.store(ps.get(0));
        batch.storeAll(ps.subList(1, ps.size()));
        for (BipolarPattern p : ps.subList(1, ps.size())) {
            single.store(p);
        }
        assertEquals(single.size(), batch.size());
        for (int i = 0; i < 97; i++) {
            for (int j = 0; j < 97; j++) {
                assertEquals(Float.floatToIntBits(single.weight(i, j)), Float.floatToIntBits(batch.weight(i, j)),
                        "W[" + i + "][" + j + "]");
            }
        }
        BipolarPattern probe = ps.get(3).flipRandom(5, rng);
        assertEquals(single.recall(probe).state(), batch.recall(probe).state());

        BipolarMemory frozen = make(r, params);
        frozen.freeze();
        assertThrows(IllegalStateException.class, () -> frozen.storeAll(ps));
        BipolarMemory other = make(r, params);
        assertThrows(IllegalArgumentException.class,
                () -> other.storeAll(List.of(ps.get(0), BipolarPattern.random(96, rng))));
        assertEquals(0, other.size(), "a rejected batch stores nothing");
    }
}
