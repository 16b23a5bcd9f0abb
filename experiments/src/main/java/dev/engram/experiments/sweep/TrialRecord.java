package dev.engram.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.experiments.RunResult;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished trial as stored in {@code trials/<id>.json}: the record form, the trial's id, point and family
 * ({@link TrialKey}), its canonical configuration, a label (model, strategy, grid values, seed), the metrics,
 * the whole run and where it ran ({@code provenance}: worker, host, kernels, Java, seconds, finish time).
 * Reading checks the form and that the id is the hash of the stored configuration.
 */
public record TrialRecord(String id, String point, String family, ObjectNode json) {

    /** A record of {@code trial} (key {@code key}) that ran to {@code result}. */
    public static TrialRecord of(TrialKey key, Trial trial, RunResult result, Map<String, Object> provenance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("form", TrialKey.FORM);
        m.put("id", key.id());
        m.put("point", key.point());
        m.put("family", key.family());
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("model", trial.model().name());
        label.put("strategy", trial.strategy().name());
        label.put("grid", trial.gridValues());
        label.put("seed", trial.seed());
        m.put("label", label);
        m.put("metrics", RunResult.metricsMap(result.metrics()));
        m.put("trial", key.canonical());
        m.put("run", result.toMap());
        m.put("provenance", provenance);
        return new TrialRecord(key.id(), key.point(), key.family(), (ObjectNode) Json.mapper().valueToTree(m));
    }

    /**
     * Parses a record's text (from a file or from a worker).
     *
     * @param where names the source in errors (a file, a worker)
     * @throws IllegalArgumentException for text that is not a record of this form, or whose id does not match its
     *                                  configuration
     */
    public static TrialRecord parse(String text, String where) {
        JsonNode n;
        try {
            n = Json.parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not a trial record (not JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        return of(n, where);
    }

    /** Reads the record in {@code file}. */
    public static TrialRecord read(Path file) {
        try {
            return of(Json.read(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a trial record (not JSON: " + e.getMessage() + ")");
        }
    }

    private static TrialRecord of(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o) || !n.path("form").isInt()) {
            throw new IllegalArgumentException(where + " is not a trial record (no 'form')");
        }
        int form = n.path("form").asInt();
        if (form != TrialKey.FORM) {
            throw new IllegalArgumentException(where + " is a trial record of form " + form + "; this Engram reads form "
                    + TrialKey.FORM + " (use the Engram version that wrote it, or another --out)");
        }
        String id = n.path("id").asText();
        String hash = TrialKey.hash(Json.mapper().convertValue(n.path("trial"), Object.class));
        if (!hash.equals(id)) {
            throw new IllegalArgumentException(where + " is corrupt: its id " + id + " is not the hash " + hash
                    + " of its configuration");
        }
        return new TrialRecord(id, n.path("point").asText(), n.path("family").asText(), o);
    }

    /** The record's text as stored. */
    public String text() {
        return Json.line(json);
    }

    /** A metric ({@code acc}, {@code bwt}, {@code fwt}, {@code forgetting}, {@code learning-accuracy}); NaN when undefined. */
    public double metric(String name) {
        JsonNode v = json.path("metrics").path(name);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    public String model() {
        return json.path("label").path("model").asText();
    }

    public String strategy() {
        return json.path("label").path("strategy").asText();
    }

    public long seed() {
        return json.path("label").path("seed").asLong();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> grid() {
        return Json.mapper().convertValue(json.path("label").path("grid"), LinkedHashMap.class);
    }

    /** Seconds the run took (training and evaluation). */
    public double seconds() {
        return json.path("run").path("timings").path("total-seconds").asDouble(Double.NaN);
    }

    /** Where it ran: {@code local} or a worker's address. */
    public String worker() {
        return json.path("provenance").path("worker").asText("?");
    }
}
