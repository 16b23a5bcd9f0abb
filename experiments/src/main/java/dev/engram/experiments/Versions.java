package dev.engram.experiments;

import dev.engram.api.spi.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The versions recorded in results: Engram, Java, the kernel backend. */
public final class Versions {
    private Versions() {
    }

    /** Engram's version from the build ({@code unknown} when not built by Maven). */
    public static String engram() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /**
     * The version of the jar a provider comes from: its manifest's {@code Implementation-Version}, Engram's
     * version for Engram's own providers, else {@code unknown}.
     */
    public static String provider(Object provider) {
        Class<?> c = provider.getClass();
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) {
            return v;
        }
        return c.getName().startsWith("dev.engram.") ? engram() : "unknown";
    }

    public static Map<String, Object> of(Registry registry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engram", engram());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        String k;
        try {
            k = registry.kernelProvider().describe();
        } catch (RuntimeException e) {
            k = "none (" + e.getMessage() + ")";
        }
        m.put("kernels", k);
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        return m;
    }
}
