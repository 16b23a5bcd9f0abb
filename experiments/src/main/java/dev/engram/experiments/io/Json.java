package dev.engram.experiments.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** JSON with Jackson: pretty-printed result files written atomically, and single-line records for logs. */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** The shared mapper (records and maps serialise as objects; unknown properties fail on reading). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code value} as pretty JSON to {@code target}, atomically. */
    public static void write(Path target, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        AtomicFiles.write(target, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /**
     * Replaces the first {@code "status" : "FROM"} of a file this class wrote by {@code "status" : "TO"}, in place:
     * the same number of bytes written over the old ones, so it needs no free space (the last resort of marking a
     * result file when the disk is too full for an atomic rewrite). {@code to} may be shorter than {@code from}
     * (it is padded with spaces after the closing quote, which JSON allows). The sequence cannot occur inside a
     * JSON string (its quotes would be escaped), so the first one is the top-level field written first.
     *
     * @return whether the file held that status and was changed
     * @throws IllegalArgumentException when {@code to} is longer than {@code from}
     */
    public static boolean patchStatusInPlace(Path target, String from, String to) throws IOException {
        if (to.length() > from.length()) {
            throw new IllegalArgumentException("status '" + to + "' is longer than '" + from + "'");
        }
        byte[] needle = ("\"status\" : \"" + from + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] patch = ("\"status\" : \"" + to + "\"" + " ".repeat(from.length() - to.length()))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(target,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // the status is the second field: the first 4 KB hold it unless the name is very long
            }
            byte[] b = head.array();
            outer:
            for (int i = 0; i + needle.length <= head.position(); i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (b[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                java.nio.ByteBuffer w = java.nio.ByteBuffer.wrap(patch);
                long at = i;
                while (w.hasRemaining()) {
                    at += ch.write(w, at);
                }
                ch.force(false);
                return true;
            }
            return false;
        }
    }

    /** {@code value} as one line of JSON (for JSON Lines logs). */
    public static String line(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a JSON file as a tree. */
    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /** Parses one JSON text as a tree. */
    public static JsonNode parse(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
