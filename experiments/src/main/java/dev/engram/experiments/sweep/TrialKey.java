package dev.engram.experiments.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.engram.api.param.Params;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Versions;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity of a trial: its whole configuration in one canonical form, and stable hashes of it.
 * <ul>
 *   <li>{@code canonical}: {@link #FORM}, Engram's version and the versions of the model's and strategy's
 *       providers, the model and the strategy with every parameter value (defaults included, typed by the
 *       provider, so {@code 1e4} and {@code 10000} are one value), the data settings ({@link
 *       dev.engram.experiments.DataSpec#canonical()}), the corrupted-probe options and the seed. Maps are sorted
 *       by key; numbers are written the way Java writes a double or an int.</li>
 *   <li>{@code id}: the first 16 hex digits of the SHA-256 of that text; a trial's file is {@code
 *       trials/<id>.json}.</li>
 *   <li>{@code point}: the same without the seed: the trials of one grid point share it.</li>
 *   <li>{@code family}: the same without the seed and the grid parameters' values (their names stay): the
 *       trials of one sweep and of its extensions (more seeds, more grid values) share it.</li>
 * </ul>
 * Parameters in {@link #SPEED_ONLY} ({@code threads}) change how fast a trial runs, never its numbers, and are
 * left out.
 */
public record TrialKey(String id, String point, String family, Map<String, Object> canonical,
                       Map<String, Object> familyCanonical) {

    /** The version of the canonical form; records of another form are refused. */
    public static final int FORM = 1;
    /** Parameter names that never change a result (tested for the dam: the same bits on 1, 2 and 3 threads). */
    public static final Set<String> SPEED_ONLY = Set.of("threads");

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The key of {@code trial}, whose parameters {@code prepared} validated. */
    public static TrialKey of(Trial trial, Runner.Prepared prepared) {
        Map<String, Object> c = new TreeMap<>();
        c.put("form", FORM);
        Map<String, Object> versions = new TreeMap<>();
        versions.put("engram", Versions.engram());
        versions.put("model", Versions.provider(prepared.model()));
        versions.put("strategy", Versions.provider(prepared.strategy()));
        c.put("versions", versions);
        c.put("model", part(prepared.model().name(), prepared.modelParams(), Set.of()));
        c.put("strategy", part(prepared.strategy().name(), prepared.strategyParams(), Set.of()));
        c.put("data", trial.data().canonical());
        List<Double> noise = new ArrayList<>();
        for (double q : trial.options().noiseLevels()) {
            noise.add(q);
        }
        c.put("noise", noise);
        c.put("noise-probes", trial.options().maxNoiseProbes());
        Map<String, Object> point = new TreeMap<>(c);
        c.put("seed", trial.seed());

        Set<String> gridModel = new java.util.TreeSet<>();
        Set<String> gridStrategy = new java.util.TreeSet<>();
        for (String k : trial.gridValues().keySet()) {
            if (k.startsWith("model.")) {
                gridModel.add(k.substring(6));
            } else if (k.startsWith("strategy.")) {
                gridStrategy.add(k.substring(9));
            }
        }
        Map<String, Object> family = new TreeMap<>(point);
        family.put("model", part(prepared.model().name(), prepared.modelParams(), gridModel));
        family.put("strategy", part(prepared.strategy().name(), prepared.strategyParams(), gridStrategy));
        Map<String, Object> grid = new TreeMap<>();
        grid.put("model", new ArrayList<>(gridModel));
        grid.put("strategy", new ArrayList<>(gridStrategy));
        family.put("grid", grid);
        return new TrialKey(hash(c), hash(point), hash(family), c, family);
    }

    private static Map<String, Object> part(String name, Params params, Set<String> gridNames) {
        Map<String, Object> p = new TreeMap<>();
        params.asMap().forEach((k, v) -> {
            if (!SPEED_ONLY.contains(k) && !gridNames.contains(k)) {
                p.put(k, v);
            }
        });
        Map<String, Object> m = new TreeMap<>();
        m.put("name", name);
        m.put("params", p);
        return m;
    }

    /** The canonical text of {@code value}: sorted maps, no spaces. */
    public static String text(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 16 hex digits of the SHA-256 of {@code value}'s canonical text. */
    public static String hash(Object value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first place where two canonical forms differ, e.g. {@code model.params.dimension: 100 vs 300}, or
     * {@code null} when they are equal.
     */
    public static String difference(Object a, Object b) {
        return difference("", CANONICAL.valueToTree(a), CANONICAL.valueToTree(b));
    }

    private static String difference(String path, com.fasterxml.jackson.databind.JsonNode a,
                                     com.fasterxml.jackson.databind.JsonNode b) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String d = difference(path.isEmpty() ? n : path + "." + n, a.path(n), b.path(n));
                if (d != null) {
                    return d;
                }
            }
        }
        return (path.isEmpty() ? "(whole)" : path) + ": " + show(a) + " vs " + show(b);
    }

    private static String show(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isMissingNode() ? "(absent)" : n.toString();
    }
}
