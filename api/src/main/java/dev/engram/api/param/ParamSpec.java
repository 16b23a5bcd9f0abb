package dev.engram.api.param;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One declared parameter: name, type, default, accepted range or choices, and one line of help.
 * Numeric bounds are inclusive; {@code null} means unbounded.
 *
 * @param name         the parameter's name: lower case letters, digits, {@code _}, {@code -} or {@code .}, starting
 *                     with a letter
 * @param type         the type of its value
 * @param defaultValue the value when none is given, of the type's Java type ({@link ParamType}), or {@code null}
 *                     for no default
 * @param min          the least accepted value of a numeric parameter, or {@code null}
 * @param max          the greatest accepted value of a numeric parameter, or {@code null}
 * @param choices      the accepted names of a {@link ParamType#CHOICE} parameter (copied; empty for other types)
 * @param help         one line saying what the parameter does
 *
 * @since 0.2
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, Double min, Double max,
                        List<String> choices, String help) {

    /**
     * Checks the components and copies {@code choices}.
     *
     * @param name         the parameter's name
     * @param type         its type
     * @param defaultValue its default, or {@code null}
     * @param min          its least value, or {@code null}
     * @param max          its greatest value, or {@code null}
     * @param choices      its accepted names, or {@code null} for none
     * @param help         one line of help
     * @throws NullPointerException     when {@code name}, {@code type} or {@code help} is null
     * @throws IllegalArgumentException when the name is not of the accepted form, or a choice parameter has no choices
     */
    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        if (!name.matches("[a-z][a-z0-9_.-]*")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must be lower case letters, digits, '_', '-' or '.'");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if (type == ParamType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice parameter '" + name + "' declares no choices");
        }
    }

    /**
     * An {@link ParamType#INT} parameter.
     *
     * @param name the name
     * @param def  the default
     * @param min  the least accepted value
     * @param max  the greatest accepted value
     * @param help one line of help
     * @return the spec
     */
    public static ParamSpec ofInt(String name, int def, int min, int max, String help) {
        return new ParamSpec(name, ParamType.INT, def, (double) min, (double) max, null, help);
    }

    /**
     * A {@link ParamType#LONG} parameter.
     *
     * @param name the name
     * @param def  the default
     * @param min  the least accepted value
     * @param max  the greatest accepted value
     * @param help one line of help
     * @return the spec
     */
    public static ParamSpec ofLong(String name, long def, long min, long max, String help) {
        return new ParamSpec(name, ParamType.LONG, def, (double) min, (double) max, null, help);
    }

    /**
     * A {@link ParamType#DOUBLE} parameter.
     *
     * @param name the name
     * @param def  the default
     * @param min  the least accepted value (may be negative infinity for none)
     * @param max  the greatest accepted value (may be positive infinity for none)
     * @param help one line of help
     * @return the spec
     */
    public static ParamSpec ofDouble(String name, double def, double min, double max, String help) {
        return new ParamSpec(name, ParamType.DOUBLE, def, min, max, null, help);
    }

    /**
     * A {@link ParamType#BOOLEAN} parameter.
     *
     * @param name the name
     * @param def  the default
     * @param help one line of help
     * @return the spec
     */
    public static ParamSpec ofBoolean(String name, boolean def, String help) {
        return new ParamSpec(name, ParamType.BOOLEAN, def, null, null, null, help);
    }

    /**
     * A {@link ParamType#CHOICE} parameter.
     *
     * @param name    the name
     * @param def     the default, one of {@code choices}
     * @param choices the accepted names, at least one
     * @param help    one line of help
     * @return the spec
     */
    public static ParamSpec ofChoice(String name, String def, List<String> choices, String help) {
        return new ParamSpec(name, ParamType.CHOICE, def, null, null, choices, help);
    }

    /**
     * A {@link ParamType#STRING} parameter.
     *
     * @param name the name
     * @param def  the default, or {@code null} for none
     * @param help one line of help
     * @return the spec
     */
    public static ParamSpec ofString(String name, String def, String help) {
        return new ParamSpec(name, ParamType.STRING, def, null, null, null, help);
    }

    /**
     * What is accepted, for help texts and error messages: {@code integer in [1, 60]}, {@code one of a, b}.
     *
     * @return the description
     */
    public String accepted() {
        return switch (type) {
            case INT, LONG, DOUBLE -> type.description() + (min == null && max == null ? ""
                    : " in [" + bound(min, "-inf") + ", " + bound(max, "inf") + "]");
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case STRING -> "text";
        };
    }

    private String bound(Double b, String none) {
        if (b == null || b.isInfinite()) {
            return none;
        }
        if (type != ParamType.DOUBLE || b == Math.rint(b) && Math.abs(b) < 1e15) {
            return Long.toString(b.longValue());
        }
        return format(b);
    }

    static String format(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d);
    }

    /**
     * The default as it is written on a command line.
     *
     * @return the default's text, or {@code (none)}
     */
    public String defaultText() {
        if (defaultValue == null) {
            return "(none)";
        }
        return defaultValue instanceof Double d ? format(d) : String.valueOf(defaultValue);
    }
}
