package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs and README, checked on the main sources of every module: no import cycle between
 * classes, {@code api} depends on nothing, only {@code vector-core} touches the Vector API, and the commands and
 * experiments reach models and strategies only through the registry.
 */
class ArchitectureTest {
    static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.engram(?:\\.[a-z]\\w*)+\\.[A-Z]\\w*)");

    /** A main source file: its module, class, package and what it imports (comments removed). */
    record Source(String module, String cls, String pkg, Set<String> imports) {
    }

    static final List<Source> SOURCES = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).sorted().toList()) {
                try (Stream<Path> files = Files.walk(m.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> SOURCES.add(parse(m, f)));
                }
            }
        }
        assertTrue(SOURCES.size() > 100, "found only " + SOURCES.size() + " sources under " + root);
    }

    static Source parse(Path module, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Matcher p = PACKAGE.matcher(code);
        String pkg = p.find() ? p.group(1) : "";
        String name = file.getFileName().toString().replace(".java", "");
        Set<String> imports = new LinkedHashSet<>();
        Matcher i = IMPORT.matcher(code);
        while (i.find()) {
            imports.add(topLevelClass(i.group(1)));
        }
        Matcher q = QUALIFIED.matcher(code.replaceAll("(?m)^import .*$", ""));
        while (q.find()) {
            imports.add(topLevelClass(q.group(1)));
        }
        return new Source(module.getFileName().toString(), pkg + "." + name, pkg, imports);
    }

    /** {@code a.b.C.D} -> {@code a.b.C}; a package stays a package. */
    static String topLevelClass(String name) {
        String[] parts = name.split("\\.");
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(part);
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
        }
        return b.toString();
    }

    static String pkgOf(String cls) {
        int dot = cls.lastIndexOf('.');
        return dot < 0 ? "" : cls.substring(0, dot);
    }

    @Test
    void noImportCycleBetweenClasses() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source s : SOURCES) {
            Set<String> out = new LinkedHashSet<>();
            for (String t : s.imports()) {
                if (t.startsWith("dev.engram.") || t.startsWith("com.example.")) {
                    if (!pkgOf(t).equals(s.pkg())) {
                        out.add(t);
                    }
                }
            }
            graph.put(s.cls(), out);
        }
        List<List<String>> cycles = stronglyConnected(graph);
        assertEquals(List.of(), cycles, "import cycles between classes");
    }

    /** Tarjan's strongly connected components of more than one class, iteratively. */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new LinkedHashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {start, new ArrayList<>(graph.getOrDefault(start, Set.of())).iterator()});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, new ArrayList<>(graph.getOrDefault(w, Set.of())).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = (String) work.peek()[0];
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(index.get(v))) {
                        List<String> comp = new ArrayList<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            comp.add(w);
                        } while (!w.equals(v));
                        if (comp.size() > 1) {
                            out.add(comp);
                        }
                    }
                }
            }
        }
        return out;
    }

    static void assertImports(String module, java.util.function.Predicate<String> allowed, String rule) {
        List<String> bad = new ArrayList<>();
        for (Source s : SOURCES) {
            if (s.module().equals(module)) {
                for (String t : s.imports()) {
                    if (!allowed.test(t)) {
                        bad.add(s.cls() + " -> " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), bad, rule);
    }

    @Test
    void apiDependsOnNothingButTheJdk() {
        assertImports("api", t -> t.startsWith("java.") || t.startsWith("javax.") || t.startsWith("dev.engram.api"),
                "api imports only the JDK and itself");
    }

    @Test
    void onlyVectorCoreTouchesTheVectorApi() {
        List<String> bad = SOURCES.stream().filter(s -> !s.module().equals("vector-core"))
                .filter(s -> s.imports().stream().anyMatch(t -> t.startsWith("jdk.incubator.vector")))
                .map(Source::cls).toList();
        assertEquals(List.of(), bad);
    }

    @Test
    void commandsAndExperimentsReachModelsOnlyThroughTheRegistry() {
        java.util.function.Predicate<String> noBuiltins = t -> !t.startsWith("dev.engram.core")
                && !t.startsWith("dev.engram.strategies");
        assertImports("cli", noBuiltins, "cli never names a built-in model or strategy class");
        assertImports("experiments", noBuiltins, "experiments never names a built-in model or strategy class");
        assertImports("cli", t -> !t.startsWith("dev.engram.") || t.startsWith("dev.engram.cli")
                || t.startsWith("dev.engram.api") || t.startsWith("dev.engram.experiments")
                || t.startsWith("dev.engram.cluster"), "cli depends on experiments, cluster and api only");
        assertImports("cluster", noBuiltins, "cluster never names a built-in model or strategy class");
    }

    @Test
    void onlyTheClusterModuleTouchesHazelcast() {
        List<String> bad = SOURCES.stream().filter(s -> !s.module().equals("cluster"))
                .filter(s -> s.imports().stream().anyMatch(t -> t.startsWith("com.hazelcast")))
                .map(Source::cls).toList();
        assertEquals(List.of(), bad, "Hazelcast stays behind dev.engram.cluster");
        assertImports("experiments", t -> !t.startsWith("dev.engram.cluster") && !t.startsWith("dev.engram.cli"),
                "experiments knows neither the cluster nor the commands");
    }

    @Test
    void everyModuleDescriptorProvidesExactlyItsAutoServiceClasses() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Pattern provides = Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([\\w.,\\s]+);");
        Pattern auto = Pattern.compile("@AutoService\\((\\w+)\\.class\\)");
        int checked = 0;
        for (String module : MODULES_WITH_DESCRIPTORS) {
            Path info = root.resolve(module).resolve("src/main/java/module-info.java");
            Map<String, Set<String>> declared = new TreeMap<>();
            Matcher m = provides.matcher(Files.readString(info));
            while (m.find()) {
                String service = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
                for (String impl : m.group(2).split(",")) {
                    declared.computeIfAbsent(service, k -> new java.util.TreeSet<>()).add(impl.trim());
                }
            }
            Map<String, Set<String>> annotated = new TreeMap<>();
            for (Source src : SOURCES) {
                if (!src.module().equals(module)) {
                    continue;
                }
                Path file = root.resolve(module).resolve("src/main/java").resolve(src.cls().replace('.', '/') + ".java");
                if (!Files.exists(file)) {
                    continue;
                }
                // the code only: the api's javadoc shows @AutoService in examples
                Matcher a = auto.matcher(Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "")
                        .replaceAll("//[^\\n]*", ""));
                if (a.find()) {
                    annotated.computeIfAbsent(a.group(1), k -> new java.util.TreeSet<>()).add(src.cls());
                }
            }
            assertEquals(annotated, declared, module + ": module-info's provides list the @AutoService classes "
                    + "(class path and module path find the same providers)");
            checked += declared.values().stream().mapToInt(Set::size).sum();
        }
        assertEquals(14, checked, "5 models and a kernel provider in vector-core, 8 strategies");
    }

    /** The modules that are named modules (issue 14); the cli and bench stay on the class path. */
    static final List<String> MODULES_WITH_DESCRIPTORS = List.of("api", "testkit", "vector-core", "strategies",
            "experiments", "cluster");

    @Test
    void everyLibraryModuleHasADescriptorThatExportsItsPackages() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Pattern exports = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;");
        Pattern name = Pattern.compile("(?m)^(?:open\\s+)?module\\s+([\\w.]+)\\s*\\{");
        for (String module : MODULES_WITH_DESCRIPTORS) {
            Path info = root.resolve(module).resolve("src/main/java/module-info.java");
            assertTrue(Files.isRegularFile(info), module + " has a module-info.java");
            String text = Files.readString(info).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
            Matcher n = name.matcher(text);
            assertTrue(n.find(), module + ": a module declaration");
            assertTrue(n.group(1).startsWith("dev.engram."), module + " is named dev.engram.*: " + n.group(1));
            Set<String> exported = new java.util.TreeSet<>();
            Matcher e = exports.matcher(text);
            while (e.find()) {
                exported.add(e.group(1));
            }
            Set<String> packages = new java.util.TreeSet<>();
            SOURCES.stream().filter(src -> src.module().equals(module) && !src.pkg().isEmpty())
                    .forEach(src -> packages.add(src.pkg()));
            // the engines are reached only through the registry's services; every other package is API
            Set<String> expected = module.equals("vector-core") || module.equals("strategies") ? Set.of() : packages;
            assertEquals(expected, exported, module + ": the packages its descriptor exports");
        }
    }
}
