package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * Kernel selection. Surefire runs this module's suite twice (see {@code vector-core/pom.xml}): with
 * {@code --add-modules jdk.incubator.vector} and {@code -Dengram.expected.kernels=panama}, and without the
 * module and {@code -Dengram.expected.kernels=scalar}; {@link #selectedBackendIsTheExpectedOne} fails when the
 * automatic selection differs from what the execution expects.
 */
class KernelSelectorTest {
    static final String EXPECTED = "engram.expected.kernels";

    static boolean modulepresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void selectedBackendIsTheExpectedOne() {
        String expected = System.getProperty(EXPECTED);
        assumeTrue(expected != null, "-D" + EXPECTED + " not set (run outside the build)");
        assumeTrue(System.getProperty(KernelSelector.PROPERTY) == null, "selection forced by -Dengram.kernels");
        KernelSelector.Selection sel = KernelSelector.selected();
        System.out.println("engram kernels selected: " + sel.description());
        assertEquals(expected, sel.kernels().name(), "selected: " + sel.description());
        assertTrue(sel.description().startsWith(expected), sel.description());
        Kernels viaRegistry = Registry.load().kernels();
        assertEquals(expected, viaRegistry.name(), "the registry hands out the selected kernels");
    }

    @Test
    void autoWithoutModuleSaysWhy() {
        assumeFalse(modulepresent());
        KernelSelector.Selection sel = KernelSelector.select("auto", false);
        assertEquals("scalar", sel.kernels().name());
        assertTrue(sel.description().contains("jdk.incubator.vector"), sel.description());
    }

    @Test
    void forcingPanamaWithoutModuleIsAnError() {
        assumeFalse(modulepresent());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelSelector.select("panama", false));
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }

    @Test
    void forcingPanamaWithModuleGivesPanama() {
        assumeTrue(modulepresent());
        assertEquals("panama", KernelSelector.select("panama", false).kernels().name());
        assertEquals("panama", KernelSelector.select("auto", false).kernels().name());
    }

    @Test
    void forcingScalarAlwaysWorks() {
        KernelSelector.Selection sel = KernelSelector.select(" Scalar ", false);
        assertEquals("scalar", sel.kernels().name());
        assertTrue(sel.description().contains("forced"), sel.description());
    }

    @Test
    void unknownModeIsAnIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelSelector.select("avx", false));
        assertTrue(e.getMessage().contains("avx") && e.getMessage().contains("auto, scalar, panama"), e.getMessage());
    }
}
