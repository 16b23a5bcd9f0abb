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
