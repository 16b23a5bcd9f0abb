package dev.engram.experiments.kv;

import dev.engram.experiments.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A meta-learned {@code kv} general rule on disk (what {@code engram kv metalearn} writes and {@code --rule FILE}
 * reads): UTF-8 text, versioned and checksummed like model files.
 * <pre>
 *   engram-kv-rule 1            magic and format version
 *   n=40                        the N (= d) the rule was trained at
 *   key-rate=0.6161...          one line per scalar of {@link MetaLearning#SCALARS}, in that order
 *   ...
 *   crc32=1a2b3c4d              CRC32 of every byte before this line (8 lowercase hex digits)
 * </pre>
 * Saving is atomic. Loading checks the magic, the version, the checksum (a truncated or edited file fails it),
 * every scalar (present once, finite, within the {@code kv} model's range) and the dimension; each problem is a
 * {@link Invalid} naming the file, the value and what is accepted.
 */
public final class RuleFile {
    /** The first word of every rule file. */
    public static final String MAGIC = "engram-kv-rule";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private RuleFile() {
    }

    /** A rule file that cannot be used: corrupt, truncated, of another version or for another dimension. */
    public static final class Invalid extends IOException {
        private static final long serialVersionUID = 1L;

        Invalid(Path file, String what) {
            super("rule file " + file + ": " + what);
        }
    }

    /** A rule: the N it was trained at and its scalars ({@code kv} parameter names). */
    public record Rule(int n, Map<String, Double> scalars) {
        public Rule {
            scalars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        }

        /** The {@code kv} spec of this rule (general rule, sequential slots). */
        public ModelSpec spec(String label) {
            return MetaLearning.spec(label, scalars);
        }
    }

    /** Writes {@code rule} to {@code file} atomically. */
    public static void save(Path file, Rule rule) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(MAGIC).append(' ').append(VERSION).append('\n');
        b.append("n=").append(rule.n()).append('\n');
        for (String name : MetaLearning.SCALARS) {
            Double v = rule.scalars().get(name);
            if (v == null) {
                throw new IllegalArgumentException("rule has no scalar '" + name + "'; accepted: all of " + MetaLearning.SCALARS);
            }
            b.append(name).append('=').append(Double.toString(v)).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        AtomicFiles.writeString(file, b + "crc32=" + String.format(Locale.ROOT, "%08x", crc.getValue()) + "\n");
    }

    /** Reads a rule file; {@code n} is the N of the run that will use it (0 = any). */
    public static Rule load(Path file, int n) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Invalid(file, "no such file; accepted: a rule file written by 'engram kv metalearn'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid(file, "not UTF-8 text; accepted: a rule file written by 'engram kv metalearn'");
        }
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().startsWith(MAGIC + " ")) {
            throw new Invalid(file, "does not start with '" + MAGIC + " <version>'; accepted: a rule file written by"
                    + " 'engram kv metalearn'");
        }
        String version = lines.getFirst().substring(MAGIC.length() + 1).strip();
        if (!version.equals(Integer.toString(VERSION))) {
            throw new Invalid(file, "format version " + version + "; accepted: version " + VERSION);
        }
        String last = lines.getLast();
        int crcAt = text.lastIndexOf("crc32=");
        if (!last.startsWith("crc32=") || crcAt < 0) {
            throw new Invalid(file, "truncated: no closing crc32 line; accepted: a complete rule file");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, text.substring(0, crcAt).getBytes(StandardCharsets.UTF_8).length);
        String want = String.format(Locale.ROOT, "%08x", crc.getValue());
        String got = last.substring("crc32=".length()).strip();
        if (!got.equals(want)) {
            throw new Invalid(file, "checksum " + got + " does not match the contents (" + want
                    + "): corrupt or edited; accepted: a rule file as 'engram kv metalearn' wrote it");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            int eq = line.indexOf('=');
            if (eq < 1 || kv.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new Invalid(file, "line '" + line + "' is not a new name=value assignment");
            }
        }
        int trained;
        try {
            trained = Integer.parseInt(kv.remove("n"));
        } catch (NumberFormatException e) {
            throw new Invalid(file, "no valid 'n=' line; accepted: n=<the N the rule was trained at>");
        }
        if (n > 0 && trained != n) {
            throw new Invalid(file, "trained at N = " + trained + ", this run has N = " + n
                    + "; accepted: a rule trained at N = " + n + " (or -N " + trained + ")");
        }
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (String name : MetaLearning.SCALARS) {
            String v = kv.remove(name);
            if (v == null) {
                throw new Invalid(file, "no scalar '" + name + "'; accepted: one line for each of " + MetaLearning.SCALARS);
            }
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new Invalid(file, name + " is '" + v + "'; accepted: a number");
            }
            if (!Double.isFinite(d) || Math.abs(d) > 100) {
                throw new Invalid(file, name + " is " + v + "; accepted: a finite number from -100 to 100");
            }
            scalars.put(name, d);
        }
        if (!kv.isEmpty()) {
            throw new Invalid(file, "unknown entries " + kv.keySet() + "; accepted: n and " + MetaLearning.SCALARS);
        }
        return new Rule(trained, scalars);
    }
}
