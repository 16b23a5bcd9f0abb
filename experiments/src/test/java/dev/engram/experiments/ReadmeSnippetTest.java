package dev.engram.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs every Java block of the README marked {@code <!-- library-use ... -->}, exactly as written
 * (its imports on top, the rest as the body of a {@code main}), and checks each {@code // prints X} comment
 * against what the block printed, in order: the README's library section cannot rot.
 */
class ReadmeSnippetTest {
    static final Pattern BLOCK = Pattern.compile("<!-- library-use[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    static final Pattern PRINTS = Pattern.compile("//\\s*prints (.*)$");

    @TempDir
    Path dir;

    static List<String> blocks() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theReadmeHasTheLibrarySnippets() throws Exception {
        assertEquals(2, blocks().size(), "README library-use blocks");
    }

    @Test
    void everyLibrarySnippetCompilesRunsAndPrintsWhatItSays() throws Exception {
        List<String> blocks = blocks();
        for (int b = 0; b < blocks.size(); b++) {
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (String line : blocks.get(b).split("\n")) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
                Matcher p = PRINTS.matcher(line);
                if (p.find()) {
                    expected.add(p.group(1).trim());
                }
            }
            assertTrue(!expected.isEmpty(), "block " + (b + 1) + " checks nothing");
            String cls = "ReadmeSnippet" + (b + 1);
            Path src = dir.resolve(cls + ".java");
            Files.writeString(src, imports + "public class " + cls + " {\n"
                    + "public static void main(String[] args) throws Exception {\n" + body + "}\n}\n");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream diag = new ByteArrayOutputStream();
            int rc = javac.run(null, diag, diag, "-d", dir.toString(), "-classpath",
                    System.getProperty("java.class.path"), src.toString());
            assertEquals(0, rc, "README block " + (b + 1) + " does not compile:\n" + diag);
            PrintStream old = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                    getClass().getClassLoader())) {
                System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                Method main = loader.loadClass(cls).getMethod("main", String[].class);
                main.invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(old);
            }
            List<String> lines = printed.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("engram: ") && !l.startsWith("Done in ")).toList();
            List<String> actual = new ArrayList<>();
            for (String l : lines) {
                if (!l.isBlank() && !l.matches("^[a-z+]+\\s+[0-9.-]+.*") && !l.startsWith("run ")) {
                    actual.add(l.trim());
                }
            }
            assertEquals(expected, actual, "README block " + (b + 1) + " printed\n" + printed);
        }
    }
}
