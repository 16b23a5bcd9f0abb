package dev.engram.experiments.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which experiment an output folder belongs to: {@code DIR/.engram-folder.json} names the kind ({@code run},
 * {@code compare}, {@code sweep}, {@code preset}, {@code kv}), the name and an identity (a hash of the
 * configuration; for a sweep the family of {@link dev.engram.experiments.sweep.TrialKey}). A command writes into
 * an empty folder, into a folder of its own kind and identity (a resumed sweep, a repeated run), and into any
 * other folder only when forced.
 */
public final class FolderClaim {
    /** The marker file. */
    public static final String FILE = ".engram-folder.json";

    /** Thrown when the folder holds another experiment's results. */
    public static final class ClaimedException extends IllegalArgumentException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        ClaimedException(String message) {
            super(message);
        }
    }

    private FolderClaim() {
    }

    /**
     * Claims {@code dir} (which exists, and which this process has locked) for an experiment.
     *
     * @param force   write into a folder of another experiment anyway (one line on {@code console} says so)
     * @param problem for a folder of the same kind and another identity, what differs (may return null)
     * @throws ClaimedException when the folder holds something else and {@code force} is false
     */
    public static void claim(Path dir, String kind, String name, String identity, boolean force, PrintWriter console,
                             java.util.function.Function<JsonNode, String> problem) throws IOException {
        Path marker = dir.resolve(FILE);
        String holds = null;
        if (Files.isRegularFile(marker)) {
            JsonNode m;
            try {
                m = Json.read(marker);
            } catch (IOException e) {
                m = null;
            }
            if (m == null || !m.path("kind").isTextual()) {
                holds = "results of an unknown experiment (" + FILE + " is unreadable)";
            } else {
                String k = m.path("kind").asText();
                boolean same = k.equals(kind) && (kind.equals("kv") || m.path("identity").asText().equals(identity));
                if (!same) {
                    String what = problem == null || !k.equals(kind) ? null : problem.apply(m);
                    holds = "the results of " + k + " '" + m.path("name").asText() + "'"
                            + (k.equals(kind) ? " with another configuration" + (what == null ? "" : " (" + what + ")") : "");
                }
            }
        } else {
            List<String> others = entries(dir);
            if (others.contains("trials.jsonl") || others.contains("trials.csv")) {
                holds = "the log of a sweep by an older Engram ('" + (others.contains("trials.jsonl") ? "trials.jsonl"
                        : "trials.csv") + "', trials keyed by model, strategy and seed only), which cannot be matched"
                        + " to trials safely";
            } else if (!others.isEmpty()) {
                holds = "files no engram command wrote there (" + String.join(", ", others.subList(0,
                        Math.min(3, others.size()))) + (others.size() > 3 ? ", ..." : "") + ")";
            }
        }
        if (holds != null) {
            if (!force) {
                throw new ClaimedException("output folder '" + dir + "' holds " + holds
                        + "; use another --out, or --force to write into it anyway");
            }
            console.println("engram: --force: writing into '" + dir + "', which holds " + holds
                    + "; files this command does not rewrite stay as they were");
            console.flush();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("name", name);
        m.put("identity", identity);
        m.put("claimed", Instant.now().toString());
        Json.write(marker, m);
    }

    /** The names in {@code dir}, without Engram's own hidden files. */
    private static List<String> entries(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".engram")) {
                    out.add(n);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
