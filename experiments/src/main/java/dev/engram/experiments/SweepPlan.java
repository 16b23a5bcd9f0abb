package dev.engram.experiments;

import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.sweep.Trial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A grid of model and strategy parameter values × seeds, each trial a full run of {@code experiment}'s models
 * and strategies with the grid values merged in; resumable, and can be sliced or spread over a cluster
 * ({@link Sweep}). What {@code engram sweep} does.
 *
 * @param experiment   models, strategies, data and options (its seed is unused: {@code seeds} are)
 * @param modelGrid    model parameter name to values
 * @param strategyGrid strategy parameter name to values
 * @param seeds        each grid point runs once per seed
 * @param format       the trial log's format
 */
public record SweepPlan(ExperimentPlan experiment, Map<String, List<Object>> modelGrid,
                        Map<String, List<Object>> strategyGrid, List<Long> seeds, Sweep.Format format) implements Plan {

    public SweepPlan {
        Objects.requireNonNull(experiment, "experiment");
        modelGrid = copy(modelGrid);
        strategyGrid = copy(strategyGrid);
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one seed");
        }
        if (seeds.stream().distinct().count() < seeds.size()) {
            throw new IllegalArgumentException("seeds " + seeds + " repeat a seed; give each seed once");
        }
        format = format == null ? Sweep.Format.JSONL : format;
    }

    private static Map<String, List<Object>> copy(Map<String, List<Object>> grid) {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        if (grid != null) {
            grid.forEach((k, v) -> m.put(k, List.copyOf(v)));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public String name() {
        return experiment.name();
    }

    /** The trials, in the order they run ({@link Trial#ofGrid}). */
    public List<Trial> trials() {
        return Trial.ofGrid(experiment.models(), experiment.strategies(), modelGrid, strategyGrid, seeds,
                experiment.data(), experiment.options());
    }

    /** The configuration as recorded in {@code sweep.json}. */
    public Map<String, Object> record() {
        Map<String, Object> rec = experiment.record();
        rec.put("model-grid", modelGrid);
        rec.put("strategy-grid", strategyGrid);
        rec.put("seeds", seeds);
        return rec;
    }
}
