package dev.engram.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Spec;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial of a sweep: a model and a strategy (with their grid values merged in), the data settings, the
 * corrupted-probe options and a seed. Its identity is {@link TrialKey}, computed from the whole configuration.
 * {@link #toJson()} / {@link #fromJson} carry it to another process (a cluster worker).
 *
 * @param model      the model with every parameter given for it (fixed and grid values)
 * @param strategy   the strategy, likewise
 * @param gridValues the grid values of this trial, keyed {@code model.k} / {@code strategy.k}, in grid order
 * @param seed       the seed of the task sequence, the model and the strategy
 * @param data       the task sequence's settings
 * @param options    the corrupted-probe recall after the last task
 */
public record Trial(Spec model, Spec strategy, Map<String, Object> gridValues, long seed, DataSpec data,
                    Runner.Options options) {

    public Trial {
        gridValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gridValues));
        data = data == null ? DataSpec.defaults() : data;
        options = options == null ? Runner.Options.defaults() : options;
    }

    /** Model, strategy, grid values and seed: for progress lines. */
    public String shortLabel() {
        return model.name() + " " + strategy.name() + (gridValues.isEmpty() ? "" : " " + gridValues) + " seed=" + seed;
    }

    /** The label of its grid point (without the seed). */
    public String point() {
        return model.label() + " " + strategy.label();
    }

    /** The trial as a JSON text, for another process ({@link #fromJson}). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", Map.of("name", model.name(), "params", model.params()));
        m.put("strategy", Map.of("name", strategy.name(), "params", strategy.params()));
        m.put("grid", gridValues);
        m.put("seed", seed);
        m.put("data", data);
        m.put("noise", options.noiseLevels());
        m.put("noise-probes", options.maxNoiseProbes());
        return Json.line(m);
    }

    /** The trial {@link #toJson()} wrote. */
    public static Trial fromJson(String json) {
        try {
            JsonNode n = Json.parse(json);
            double[] noise = Json.mapper().convertValue(n.path("noise"), double[].class);
            return new Trial(spec(n.path("model")), spec(n.path("strategy")), map(n.path("grid")),
                    n.path("seed").asLong(), Json.mapper().convertValue(n.path("data"), DataSpec.class),
                    new Runner.Options(noise, n.path("noise-probes").asInt()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a trial: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? Map.of() : Json.mapper().convertValue(n, LinkedHashMap.class);
    }

    private static Spec spec(JsonNode n) {
        return new Spec(n.path("name").asText(), map(n.path("params")));
    }

    /**
     * The trials of explicit grid points (parameter values that go together, e.g. a temperature chosen per n),
     * for each model, strategy and seed. Order: models, strategies, model points, strategy points, seeds.
     */
    public static List<Trial> ofPoints(List<Spec> models, List<Spec> strategies, List<Map<String, Object>> mpoints,
                                       List<Map<String, Object>> spoints, List<Long> seeds, DataSpec data,
                                       Runner.Options options) {
        List<Trial> out = new ArrayList<>();
        for (Spec m : models) {
            for (Spec s : strategies) {
                for (Map<String, Object> mp : mpoints) {
                    for (Map<String, Object> sp : spoints) {
                        Map<String, Object> g = new LinkedHashMap<>();
                        mp.forEach((k, v) -> g.put("model." + k, v));
                        sp.forEach((k, v) -> g.put("strategy." + k, v));
                        for (long seed : seeds) {
                            out.add(new Trial(m.with(mp), s.with(sp), g, seed, data, options));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The trials of a grid: for each model and strategy, every combination of the grid values, for each seed.
     * Duplicate seeds are refused.
     */
    public static List<Trial> ofGrid(List<Spec> models, List<Spec> strategies, Map<String, List<Object>> modelGrid,
                                     Map<String, List<Object>> strategyGrid, List<Long> seeds, DataSpec data,
                                     Runner.Options options) {
        if (seeds.stream().distinct().count() < seeds.size()) {
            throw new IllegalArgumentException("seeds " + seeds + " repeat a seed; give each seed once");
        }
        return ofPoints(models, strategies, points(modelGrid), points(strategyGrid), seeds, data, options);
    }

    /** Every combination of the grid's values, the first parameter varying slowest. */
    public static List<Map<String, Object>> points(Map<String, List<Object>> grid) {
        List<Map<String, Object>> pts = new ArrayList<>();
        pts.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid parameter '" + e.getKey() + "' has no values");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : pts) {
                for (Object v : e.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            pts = next;
        }
        return pts;
    }
}
