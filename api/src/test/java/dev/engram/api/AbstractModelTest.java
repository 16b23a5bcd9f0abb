package dev.engram.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbstractModelTest {
    static final Params NONE = Params.defaults("model 'toy'", List.of());

    static final class Toy extends AbstractModel {
        Toy(String name, int dimension, Params params) {
            super(name, dimension, params);
        }

        void learn() {
            requireNotFrozen("store patterns");
        }

        @Override
        public void writeState(DataOutput out) {
        }
    }

    @Test
    void holdsNameDimensionAndParametersAndRefusesLearningOnceFrozen() {
        Toy t = new Toy("toy", 12, NONE);
        assertEquals("toy", t.providerName());
        assertEquals(12, t.dimension());
        assertEquals(NONE, t.params());
        assertFalse(t.isFrozen());
        assertDoesNotThrow(t::learn);
        t.freeze();
        assertTrue(t.isFrozen());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::learn);
        assertEquals("this toy model is frozen; it cannot store patterns", e.getMessage());
    }

    @Test
    void aBadDimensionNameOrParametersAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Toy("toy", 0, NONE));
        assertEquals("the dimension of a toy model must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Toy(" ", 3, NONE));
        assertTrue(e.getMessage().contains("' '"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Toy("toy", 3, null));
        assertTrue(e.getMessage().contains("toy") && e.getMessage().contains("null"), e.getMessage());
    }
}
