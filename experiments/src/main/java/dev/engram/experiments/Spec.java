package dev.engram.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model or strategy by name, with the parameter values given for it (strings from a command line, or typed
 * values from a config file); the provider validates them.
 */
public record Spec(String name, Map<String, Object> params) {
    public Spec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model or strategy name is required");
        }
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    public static Spec of(String name) {
        return new Spec(name, Map.of());
    }

    /** A copy with {@code more} parameters added (replacing equal names). */
    public Spec with(Map<String, ?> more) {
        Map<String, Object> m = new LinkedHashMap<>(params);
        m.putAll(more);
        return new Spec(name, m);
    }

    /** {@code name} or {@code name(k=v,...)}. */
    public String label() {
        if (params.isEmpty()) {
            return name;
        }
        return name + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "(", ")"));
    }
}
