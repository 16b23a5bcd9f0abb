package dev.engram.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
        return m;
    }

    private static final ObjectMapper TOML = configure(new TomlMapper());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

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
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("config file '" + file + "': " + c.getMessage(), e);
        } catch (JsonProcessingException e) {
            String where = path(e);
            throw new IllegalArgumentException("config file '" + file + "' is not valid"
                    + (where.isEmpty() ? "" : " at '" + where + "'") + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
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
