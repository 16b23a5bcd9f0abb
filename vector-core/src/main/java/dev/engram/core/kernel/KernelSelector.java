package dev.engram.core.kernel;

import dev.engram.api.kernel.Kernels;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Chooses the kernels the way Lucene's {@code VectorizationProvider} does: Panama only when the module
 * {@code jdk.incubator.vector} is in the boot layer, the JVM is HotSpot with the C2 compiler, and the
 * preferred vector width is at least 128 bits; otherwise the scalar reference, with one log line saying why.
 * {@code -Dengram.kernels=scalar|panama} forces one; forcing Panama where it cannot run is an error.
 * Nothing here touches the Vector API: the Panama classes are loaded only after the checks pass.
 */
public final class KernelSelector {
    public static final String PROPERTY = "engram.kernels";
    private static final System.Logger LOG = System.getLogger("dev.engram.kernels");

    /** The selected kernels and one line saying what and why. */
    public record Selection(Kernels kernels, String description) {
    }

    private KernelSelector() {
    }

    private static final class Holder {
        static final Selection SELECTION = select(System.getProperty(PROPERTY, "auto"), true);
    }

    /** The selection for this JVM (computed once). */
    public static Selection selected() {
        return Holder.SELECTION;
    }

    /**
     * Selects kernels for the mode {@code auto}, {@code scalar} or {@code panama}.
     *
     * @throws IllegalArgumentException for another mode
     * @throws IllegalStateException    when {@code panama} is forced but cannot run
     */
    public static Selection select(String mode, boolean log) {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "scalar":
                return new Selection(ScalarKernels.INSTANCE, "scalar (forced by -D" + PROPERTY + "=scalar)");
            case "panama": {
                String why = panamaUnavailableReason();
                if (why != null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=panama was asked for, but the Panama kernels cannot run: " + why);
                }
                return panama("forced by -D" + PROPERTY + "=panama");
            }
            case "auto": {
                String why = panamaUnavailableReason();
                if (why == null) {
                    return panama(null);
                }
                String d = "scalar (" + why + ")";
                if (log) {
                    LOG.log(System.Logger.Level.INFO, "engram kernels: " + d);
                }
                return new Selection(ScalarKernels.INSTANCE, d);
            }
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + mode + " is not a kernel choice; accepted: auto, scalar, panama");
        }
    }

    private static Selection panama(String why) {
        int bits = dev.engram.core.kernel.panama.PanamaSupport.preferredBitSize();
        if (bits < 128 && why == null) {
            return new Selection(ScalarKernels.INSTANCE, "scalar (preferred vector width is " + bits + " bits, below 128)");
        }
        return new Selection(dev.engram.core.kernel.panama.PanamaKernels.INSTANCE,
                "panama (" + bits + "-bit vectors" + (why == null ? "" : ", " + why) + ")");
    }

    /** Why the Panama kernels cannot run here, or {@code null} when they can (width is checked later). */
    static String panamaUnavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not present; run java with --add-modules jdk.incubator.vector";
        }
        String vm = System.getProperty("java.vm.name", "");
        if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
            return "JVM '" + vm + "' is not HotSpot";
        }
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint)";
        }
        if (vm.contains("Client")) {
            return "the JVM is a client VM without C2";
        }
        Integer level = tieredStopAtLevel();
        if (level != null && level < 4) {
            return "C2 is disabled (-XX:TieredStopAtLevel=" + level + ")";
        }
        return null;
    }

    private static Integer tieredStopAtLevel() {
        try {
            Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = ManagementFactory.getPlatformMXBean(beanType.asSubclass(java.lang.management.PlatformManagedObject.class));
            Object opt = beanType.getMethod("getVMOption", String.class).invoke(bean, "TieredStopAtLevel");
            String value = (String) opt.getClass().getMethod("getValue").invoke(opt);
            return Integer.valueOf(value);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // cannot tell: assume C2 is on, as Lucene does
        }
    }
}
