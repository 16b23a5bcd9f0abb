package dev.engram.api.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Validated parameter values for one provider: every declared parameter has a value (given or default),
 * and nothing undeclared is present.
 */
public final class Params {
    private final String owner;
    private final List<ParamSpec> specs;
    private final Map<String, Object> values;

    private Params(String owner, List<ParamSpec> specs, Map<String, Object> values) {
        this.owner = owner;
        this.specs = specs;
        this.values = values;
    }

    /** All defaults. */
    public static Params defaults(String owner, List<ParamSpec> specs) {
        return parse(owner, specs, Map.of());
    }

    /**
     * Validates {@code raw} against {@code specs}. Values may be strings (from a command line) or already
     * typed (numbers and booleans from a config file). {@code owner} names the provider in error messages,
     * e.g. {@code model 'dam'}.
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is accepted
     */
    public static Params parse(String owner, List<ParamSpec> specs, Map<String, ?> raw) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            if (byName.put(s.name(), s) != null) {
                throw new ParameterException(owner, s.name(), owner + " declares parameter '" + s.name() + "' twice");
            }
        }
        for (String key : raw.keySet()) {
            if (!byName.containsKey(key)) {
                throw new ParameterException(owner, key, "unknown parameter '" + key + "' for " + owner + "; accepted: "
                        + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec s : byName.values()) {
            Object v = raw.containsKey(s.name()) ? convert(owner, s, raw.get(s.name())) : s.defaultValue();
            if (v != null && raw.containsKey(s.name())) {
                checkRange(owner, s, v);
            }
            values.put(s.name(), v);
        }
        return new Params(owner, List.copyOf(byName.values()), Collections.unmodifiableMap(values));
    }

    /**
     * Parses {@code key=value} strings (as given to {@code --param}) into a map, rejecting malformed ones.
     */
    public static Map<String, String> parseAssignments(List<String> assignments) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(null, a, "parameter '" + a + "' is not of the form name=value");
            }
            String key = a.substring(0, eq).trim();
            if (map.put(key, a.substring(eq + 1).trim()) != null) {
                throw new ParameterException(null, key, "parameter '" + key + "' is given twice");
            }
        }
        return map;
    }

    private static IllegalArgumentException bad(String owner, ParamSpec s, Object raw) {
        return new ParameterException(owner, s.name(), "parameter '" + s.name() + "' of " + owner + " is '" + raw
                + "'; accepted: " + s.accepted());
    }

    private static Object convert(String owner, ParamSpec s, Object raw) {
        if (raw == null) {
            throw bad(owner, s, "null");
        }
        String text = raw.toString().trim();
        try {
            return switch (s.type()) {
                case INT -> {
                    if (raw instanceof Number num) {
                        if (num.doubleValue() != Math.rint(num.doubleValue())) {
                            throw bad(owner, s, raw);
                        }
                        yield Math.toIntExact(num.longValue());
                    }
                    yield Integer.parseInt(text);
                }
                case LONG -> {
                    if (raw instanceof Number num) {
                        if (num.doubleValue() != Math.rint(num.doubleValue())) {
                            throw bad(owner, s, raw);
                        }
                        yield num.longValue();
                    }
                    yield Long.parseLong(text);
                }
                case DOUBLE -> {
                    double d = raw instanceof Number num ? num.doubleValue() : Double.parseDouble(text);
                    if (!Double.isFinite(d)) {
                        throw bad(owner, s, raw);
                    }
                    yield d;
                }
                case BOOLEAN -> {
                    if (raw instanceof Boolean b) {
                        yield b;
                    }
                    String t = text.toLowerCase(Locale.ROOT);
                    if (t.equals("true")) {
                        yield true;
                    }
                    if (t.equals("false")) {
                        yield false;
                    }
                    throw bad(owner, s, raw);
                }
                case CHOICE -> {
                    if (!s.choices().contains(text)) {
                        throw bad(owner, s, raw);
                    }
                    yield text;
                }
                case STRING -> text;
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(owner, s, raw);
        }
    }

    private static void checkRange(String owner, ParamSpec s, Object v) {
        if (v instanceof Number num) {
            double d = num.doubleValue();
            if ((s.min() != null && d < s.min()) || (s.max() != null && d > s.max())) {
                throw bad(owner, s, v);
            }
        }
    }

    /** Who these parameters belong to, e.g. {@code model 'dam'}. */
    public String owner() {
        return owner;
    }

    public List<ParamSpec> specs() {
        return specs;
    }

    /** Name to value, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(owner + " has no parameter '" + name + "'; it has: "
                    + String.join(", ", values.keySet()));
        }
        return values.get(name);
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public long getLong(String name) {
        return ((Number) require(name)).longValue();
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        Object v = require(name);
        return v == null ? null : v.toString();
    }

    /** A copy with some values replaced (validated like {@link #parse}). */
    public Params with(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        merged.values().removeIf(v -> v == null);
        return parse(owner, specs, merged);
    }

    /** The values as {@code name=value} strings (round-trips through {@link #parseAssignments}). */
    public List<String> toAssignments() {
        List<String> out = new ArrayList<>();
        for (ParamSpec s : specs) {
            Object v = values.get(s.name());
            if (v != null) {
                out.add(s.name() + "=" + (v instanceof Double d ? ParamSpec.format(d) : v));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values) && p.owner.equals(owner);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", owner + " {", "}");
        toAssignments().forEach(j::add);
        return j.toString();
    }
}
