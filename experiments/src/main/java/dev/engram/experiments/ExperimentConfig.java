package dev.engram.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An experiment described in a TOML or JSON file (see docs/experiments.md). Every key is optional; command-line
 * flags override it; an unknown key is an error naming it and the accepted keys.
 *
 * @param name       the experiment's name (output folder name, plot titles)
 * @param seed       the seed of everything random (default 1)
 * @param out        the output folder
 * @param preset     a preset to run instead (with {@code seed}, {@code out} and {@code data.dir} only)
 * @param data       the task sequence
 * @param model      models: a table {@code [model]} or an array of tables {@code [[model]]}
 * @param strategy   strategies: {@code [strategy]} or {@code [[strategy]]}
 * @param noise      noise levels of the corrupted-probe recall after the last task
 * @param noiseProbes probes per task for that recall
 * @param sweep      the grid of {@code engram sweep}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record ExperimentConfig(String name, Long seed, String out, String preset, DataSpec data,
                               List<Component> model, List<Component> strategy, List<Double> noise,
                               Integer noiseProbes, SweepSpec sweep) {

    public ExperimentConfig {
        if (preset != null) {
            List<String> extra = new java.util.ArrayList<>();
            if (name != null) {
                extra.add("name");
            }
            if (data != null) {
                for (var rc : DataSpec.class.getRecordComponents()) {
                    try {
                        if (!rc.getName().equals("dir") && rc.getAccessor().invoke(data) != null) {
                            extra.add("[data] " + kebab(rc.getName()));
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            if (model != null) {
                extra.add("[model]");
            }
            if (strategy != null) {
                extra.add("[strategy]");
            }
            if (noise != null) {
                extra.add("noise");
            }
            if (noiseProbes != null) {
                extra.add("noise-probes");
            }
            if (sweep != null) {
                extra.add("[sweep]");
            }
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException("preset = \"" + preset + "\" runs the preset's fixed settings; it "
                        + "takes only seed, out and [data] dir, not " + String.join(", ", extra)
                        + " (remove them, or remove preset)");
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * A model or strategy: its name and parameters. A composed strategy is either named {@code rehearsal+ewc}
     * (parameters {@code ewc.lambda}, ...) or given as a list of its parts, {@code compose = [{ name =
     * "rehearsal" }, { name = "ewc", params = { lambda = 1e6 } }]}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String name, Map<String, Object> params, List<Component> compose) {
        public Component {
            if (compose != null) {
                if (name != null || params != null) {
                    throw new IllegalArgumentException("a component with 'compose' takes no 'name' or 'params' of its"
                            + " own; give them to its parts");
                }
                if (compose.size() < 2) {
                    throw new IllegalArgumentException("'compose' lists " + compose.size()
                            + " part(s); a composition needs at least two");
                }
                for (Component c : compose) {
                    if (c.compose() != null) {
                        throw new IllegalArgumentException("'compose' parts cannot be compositions themselves");
                    }
                }
            }
        }

        public Component(String name, Map<String, Object> params) {
            this(name, params, null);
        }

        /** The name and parameters; a composition's parameters are prefixed by their part's name. */
        public Spec toSpec() {
            if (compose == null) {
                return new Spec(name, params);
            }
            Map<String, Object> all = new java.util.LinkedHashMap<>();
            for (Component c : compose) {
                if (c.name() == null || c.name().isBlank()) {
                    throw new IllegalArgumentException("a part of 'compose' has no name");
                }
                if (c.params() != null) {
                    c.params().forEach((k, v) -> all.put(c.name() + "." + k, v));
                }
            }
            return new Spec(String.join("+", compose.stream().map(Component::name).toList()), all);
        }
    }

    /**
     * The grid of a sweep: parameter name to values, for the model and for the strategy, and the seeds.
     *
     * @param format {@code jsonl} (default) or {@code csv}: the trial log's format
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SweepSpec(Map<String, List<Object>> model, Map<String, List<Object>> strategy, List<Long> seeds,
                            String format) {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // as strict as the flags: 3.7 (or 3.0) is not an integer, and "3" in quotes is text, not a number
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (var type : List.of(com.fasterxml.jackson.databind.type.LogicalType.Integer,
                com.fasterxml.jackson.databind.type.LogicalType.Float)) {
            m.coercionConfigFor(type).setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String,
                    com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        }
        return m;
    }

    private static final ObjectMapper TOML = configure(new TomlMapper());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    static {
        // a key given twice is an error, as TOML has it
        JSON.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * Reads a {@code .toml} or {@code .json} config file.
     *
     * @throws IllegalArgumentException for a missing file, an unknown key, a wrongly typed value or bad syntax,
     *                                  naming the file and the key
     */
    public static ExperimentConfig read(Path file) {
        String fn = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper m;
        if (fn.endsWith(".toml")) {
            m = TOML;
        } else if (fn.endsWith(".json")) {
            m = JSON;
        } else {
            throw new IllegalArgumentException("config file '" + file + "' must end in .toml or .json");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file '" + file + "' does not exist");
        }
        try {
            return m.readValue(file.toFile(), ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String where = path(e);
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            throw new IllegalArgumentException("config file '" + file + "': unknown key '" + e.getPropertyName() + "'"
                    + (where.isEmpty() ? "" : " in [" + where + "]") + "; accepted: " + String.join(", ", known), e);
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            String where = key(e);
            throw new IllegalArgumentException("config file '" + file + "': " + (c instanceof IllegalArgumentException
                    ? c.getMessage() : (where.isEmpty() ? "" : where + ": ") + firstLine(e.getOriginalMessage())), e);
        } catch (MismatchedInputException e) {
            String where = key(e);
            throw new IllegalArgumentException("config file '" + file + "': " + (where.isEmpty() ? "the file" : where)
                    + " is " + value(e) + "; accepted: " + accepted(e.getTargetType()), e);
        } catch (JsonProcessingException e) {
            String where = key(e);
            throw new IllegalArgumentException("config file '" + file + "' is not valid"
                    + (where.isEmpty() ? "" : " at " + where) + lineOf(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file '" + file + "' cannot be read: " + firstLine(e.getMessage()), e);
        }
    }

    /** The first line of a Jackson message, without its location ("Source: ...") and coercion hints. */
    private static String firstLine(String m) {
        if (m == null) {
            return "malformed";
        }
        String line = m.lines().findFirst().orElse("").trim();
        int src = line.indexOf(" at [Source:");
        if (src < 0) {
            src = line.indexOf("[Source:");
        }
        if (src >= 0) {
            line = line.substring(0, src).trim();
        }
        int hint = line.indexOf(" (but could if");
        return hint >= 0 ? line.substring(0, hint) : line;
    }

    /** " (line 3)" when the parser knows it, else "". */
    private static String lineOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc != null && loc.getLineNr() > 0 ? " (line " + loc.getLineNr() + ")" : "";
    }

    /** What the offending value is: its text, or "a table" / "a list". */
    private static String value(MismatchedInputException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f && f.getValue() != null) {
            return f.getValue() instanceof String str ? "\"" + str + "\"" : String.valueOf(f.getValue());
        }
        if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p) {
            var t = p.currentToken();
            if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT || t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                return "a table";
            }
            if (t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                return "a list";
            }
            if (t != null && t.isScalarValue()) {
                try {
                    return t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
                } catch (IOException ignored) {
                    // fall through
                }
            }
        }
        java.util.regex.Matcher lit = java.util.regex.Pattern.compile("Cannot coerce \\w+ value \\((\"[^\"]{0,60}\"|[^)]{1,60})\\)")
                .matcher(String.valueOf(e.getOriginalMessage()));
        if (lit.find()) {
            return lit.group(1);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("from (\\w+) value").matcher(String.valueOf(e.getOriginalMessage()));
        if (m.find()) {
            return switch (m.group(1)) {
                case "Integer" -> "an integer";
                case "Number", "Float", "Double" -> "a number";
                case "String" -> "a string";
                case "Array" -> "a list";
                case "Object" -> "a table";
                case "Boolean" -> "a boolean";
                default -> "of the wrong type";
            };
        }
        return "of the wrong type";
    }

    private static String accepted(Class<?> t) {
        if (t == null) {
            return "see docs/experiments.md";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class || t == Float.class) {
            return "a number";
        }
        if (t == String.class) {
            return "a string in quotes";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        return "a table";
    }

    /** The key as the file writes it: {@code [data] tasks}, {@code [[model]] 1 params}, {@code noise item 2}. */
    private static String key(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException jm) || jm.getPath().isEmpty()) {
            return "";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (var r : jm.getPath()) {
            parts.add(r.getFieldName() != null ? r.getFieldName() : "item " + (r.getIndex() + 1));
        }
        if (parts.size() == 1) {
            return "'" + parts.get(0) + "'";
        }
        String last = parts.remove(parts.size() - 1);
        return "[" + String.join(" ", parts) + "] " + last;
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException jm)) {
            return "";
        }
        List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs = jm.getPath();
        return refs.stream().limit(Math.max(0, refs.size() - (e instanceof UnrecognizedPropertyException ? 1 : 0)))
                .map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()))
                .collect(Collectors.joining("."));
    }
}
