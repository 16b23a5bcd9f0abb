package dev.engram.experiments.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileTest {
    @TempDir
    Path dir;

    static Map<String, Double> scalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < MetaLearning.SCALARS.size(); i++) {
            m.put(MetaLearning.SCALARS.get(i), 0.1 * i - 0.3);
        }
        return m;
    }

    static String message(Path f, int n) {
        return assertThrows(RuleFile.Invalid.class, () -> RuleFile.load(f, n)).getMessage();
    }

    static void writeWithCrc(Path f, String body) throws Exception {
        CRC32 c = new CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(f, body + String.format("crc32=%08x%n", c.getValue()));
    }

    @Test
    void roundTripAndEveryKindOfBadFile() throws Exception {
        Path f = dir.resolve("r.rule");
        RuleFile.save(f, new RuleFile.Rule(40, scalars()));
        RuleFile.Rule back = RuleFile.load(f, 40);
        assertEquals(40, back.n());
        assertEquals(scalars(), back.scalars());
        assertEquals(back, RuleFile.load(f, 0));
        String text = Files.readString(f);

        assertTrue(message(f, 20).contains("trained at N = 40, this run has N = 20; accepted: a rule trained at N = 20"));

        Path edited = dir.resolve("edited.rule");
        Files.writeString(edited, text.replace("key-rate=-0.3", "key-rate=-0.2"));
        assertTrue(message(edited, 40).contains("does not match the contents"), message(edited, 40));

        Path truncated = dir.resolve("truncated.rule");
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        assertTrue(message(truncated, 40).contains("truncated: no closing crc32 line"), message(truncated, 40));

        Path other = dir.resolve("v2.rule");
        writeWithCrc(other, text.substring(0, text.lastIndexOf("crc32=")).replace("engram-kv-rule 1", "engram-kv-rule 2"));
        assertTrue(message(other, 40).contains("format version 2; accepted: version 1"), message(other, 40));

        Path notRule = dir.resolve("model.bin");
        Files.write(notRule, new byte[] {'E', 'N', 'G', 'R', 'A', 'M', 'M', 'D', 0, 0, 0, 1});
        assertTrue(message(notRule, 40).contains("does not start with 'engram-kv-rule <version>'"), message(notRule, 40));

        Path missing = dir.resolve("missing.rule");
        writeWithCrc(missing, text.substring(0, text.lastIndexOf("crc32=")).replaceAll("global-shift=.*\n", ""));
        assertTrue(message(missing, 40).contains("no scalar 'global-shift'"), message(missing, 40));

        Path nan = dir.resolve("nan.rule");
        writeWithCrc(nan, text.substring(0, text.lastIndexOf("crc32=")).replaceAll("value-rate=.*\n", "value-rate=NaN\n"));
        assertTrue(message(nan, 40).contains("value-rate is NaN; accepted: a finite number"), message(nan, 40));

        assertTrue(message(dir.resolve("absent.rule"), 40).contains("no such file"));
    }
}
