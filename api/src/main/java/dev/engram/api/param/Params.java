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
 * and nothing undeclared is present. Values have the Java type of their {@link ParamType}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
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

    /**
     * All defaults.
     *
     * @param owner who the parameters belong to, e.g. {@code model 'dam'}
     * @param specs the declared parameters
     * @return the parameters, each at its default
     * @throws ParameterException when a name is declared twice
     */
    public static Params defaults(String owner, List<ParamSpec> specs) {
        return parse(owner, specs, Map.of());
    }

    /**
     * Validates {@code raw} against {@code specs}. Values may be strings (from a command line) or already
     * typed (numbers and booleans from a config file). {@code owner} names the provider in error messages,
     * e.g. {@code model 'dam'}.
     *
     * @param owner who the parameters belong to, for messages
     * @param specs the declared parameters
     * @param raw   the given values by name; parameters not given take their defaults
     * @return the validated parameters
     * @throws IllegalArgumentException naming the parameter, the value and what is accepted (a
     *                                  {@link ParameterException})
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
     * Names and values are trimmed; a value may contain {@code =}.
     *
     * @param assignments the strings
     * @return name to (unconverted) value, in the order given
     * @throws ParameterException when a string has no name before {@code =}, or a name is given twice
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

    /**
     * Who these parameters belong to, e.g. {@code model 'dam'}.
     *
     * @return the owner, as given to {@link #parse}
     */
    public String owner() {
        return owner;
    }

    /**
     * The declared parameters.
     *
     * @return the specs, in declaration order, unmodifiable
     */
    public List<ParamSpec> specs() {
        return specs;
    }

    /**
     * Name to value, in declaration order.
     *
     * @return the values, unmodifiable; a parameter without value or default maps to {@code null}
     */
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

    /**
     * The value of a numeric parameter as an {@code int} (a {@code long} or {@code double} value is narrowed).
     *
     * @param name the parameter's name
     * @return the value
     * @throws IllegalArgumentException when there is no parameter of that name
     * @throws ClassCastException       when the parameter is not numeric
     * @throws NullPointerException     when it has no value
     */
    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    /**
     * The value of a numeric parameter as a {@code long}.
     *
     * @param name the parameter's name
     * @return the value
     * @throws IllegalArgumentException when there is no parameter of that name
     * @throws ClassCastException       when the parameter is not numeric
     * @throws NullPointerException     when it has no value
     */
    public long getLong(String name) {
        return ((Number) require(name)).longValue();
    }

    /**
     * The value of a numeric parameter as a {@code double}.
     *
     * @param name the parameter's name
     * @return the value
     * @throws IllegalArgumentException when there is no parameter of that name
     * @throws ClassCastException       when the parameter is not numeric
     * @throws NullPointerException     when it has no value
     */
    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    /**
     * The value of a {@link ParamType#BOOLEAN} parameter.
     *
     * @param name the parameter's name
     * @return the value
     * @throws IllegalArgumentException when there is no parameter of that name
     * @throws ClassCastException       when the parameter is not boolean
     * @throws NullPointerException     when it has no value
     */
    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    /**
     * The value of a parameter as text (any type, via {@code toString()}).
     *
     * @param name the parameter's name
     * @return the value, or {@code null} when it has none
     * @throws IllegalArgumentException when there is no parameter of that name
     */
    public String getString(String name) {
        Object v = require(name);
        return v == null ? null : v.toString();
    }

    /**
     * A copy with some values replaced (validated like {@link #parse}). A {@code null} override resets that
     * parameter to its default.
     *
     * @param overrides the new values by name
     * @return the new parameters; this one is unchanged
     * @throws ParameterException when a name is unknown or a value is refused
     */
    public Params with(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        merged.values().removeIf(v -> v == null);
        return parse(owner, specs, merged);
    }

    /**
     * The values as {@code name=value} strings (round-trips through {@link #parseAssignments}).
     *
     * @return one string per parameter that has a value, in declaration order
     */
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

    /**
     * The owner and the assignments, e.g. {@code model 'dam' {n=3, beta=1.0}}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", owner + " {", "}");
        toAssignments().forEach(j::add);
        return j.toString();
    }
}
