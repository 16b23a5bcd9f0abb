package dev.engram.api.spi;

import dev.engram.api.kernel.Kernels;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds model, strategy and kernel providers with {@link ServiceLoader}: the built-ins on the class path and
 * the jars of plugin directories. Providers are ordered by name; a second provider with a name already taken
 * is refused (both classes are named in the problem); a provider that fails to load is reported with its jar,
 * class and cause, and every other provider keeps working. So is a provider whose {@code name()},
 * {@code description()} or {@code parameters()} throws or returns null (each is read once, at load), and a file
 * in a plugins folder that is not a jar, is empty or holds no provider. A plugin provider's {@code create} or
 * {@code read} that throws (other than {@link IllegalArgumentException}) or returns null is a
 * {@link PluginException} naming the provider, its class and its jar. A kernel provider is checked when the
 * kernels are first needed ({@link #kernelProvider()}): one that fails is a problem too, and the next is used.
 *
 * <p>Once loaded, a registry does not change (the kernel provider is picked on first use) and may be shared
 * between threads. The plugin jars' class loaders stay open for the registry's lifetime.
 *
 * @since 0.2
 */
public final class Registry {

    /**
     * Where a provider came from.
     *
     * @param <P>      the kind of provider
     * @param provider the provider (for a plugin, wrapped as described above)
     * @param source   the jar file name it came from, or a class path entry ({@code classpath} when unknown)
     * @since 0.2
     */
    public record Entry<P>(P provider, String source) {
    }

    private final Map<String, Entry<ModelProvider>> models = new TreeMap<>();
    private final Map<String, Entry<StrategyProvider>> strategies = new TreeMap<>();
    private final List<Entry<KernelProvider>> kernelProviders = new ArrayList<>();
    private final List<LoadProblem> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<LoadProblem> kernelProblems = new ArrayList<>();
    private final List<URLClassLoader> pluginLoaders = new ArrayList<>();
    private volatile KernelProvider selectedKernels;

    private Registry() {
    }

    /**
     * The built-in providers (class path of this class's loader).
     *
     * @return a new registry; problems found are in {@link #problems()}, not thrown
     */
    public static Registry load() {
        return load(Registry.class.getClassLoader(), List.of());
    }

    /**
     * The built-ins plus every {@code *.jar} in each of {@code pluginDirs}.
     *
     * @param pluginDirs the plugin directories (not searched recursively); may be empty
     * @return a new registry; providers that fail to load are in {@link #problems()}
     * @throws IllegalArgumentException when a plugins directory does not exist or cannot be read
     */
    public static Registry load(List<Path> pluginDirs) {
        return load(Registry.class.getClassLoader(), pluginDirs);
    }

    /**
     * The providers visible to {@code builtins} plus every {@code *.jar} in each of {@code pluginDirs}.
     *
     * @param builtins   the class loader whose service files list the built-in providers; it is also the parent of
     *                   the plugin jars' loaders
     * @param pluginDirs the plugin directories (not searched recursively); may be empty
     * @return a new registry; providers that fail to load are in {@link #problems()}
     * @throws IllegalArgumentException when a plugins directory does not exist or cannot be read
     */
    public static Registry load(ClassLoader builtins, List<Path> pluginDirs) {
        List<Path> files = new ArrayList<>();
        for (Path dir : pluginDirs) {
            files.addAll(listFiles(dir));
        }
        Registry r = new Registry();
        r.scan(builtins, "classpath");
        for (Path file : files) {
            String bad = notAPluginJar(file);
            if (bad != null) {
                r.problems.add(new LoadProblem(file.toString(), null, bad));
                continue;
            }
            URLClassLoader loader;
            try {
                loader = new PluginClassLoader(file.toUri().toURL(), builtins);
            } catch (MalformedURLException e) {
                r.problems.add(new LoadProblem(file.toString(), null, "cannot be opened: " + e.getMessage()));
                continue;
            }
            r.pluginLoaders.add(loader);
            r.scan(loader, file.toString());
        }
        return r;
    }

    private static final List<String> SERVICES = List.of(ModelProvider.class.getName(), StrategyProvider.class.getName(),
            KernelProvider.class.getName());

    /** Why {@code file} cannot be a plugin (not a .jar, empty, not a zip, no service files), or null when it can. */
    private static String notAPluginJar(Path file) {
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
            return "ignored: not a .jar file (a plugins folder holds plugin jars)";
        }
        try {
            if (Files.size(file) == 0) {
                return "is empty (0 bytes), not a jar";
            }
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (String service : SERVICES) {
                if (zip.getEntry("META-INF/services/" + service) != null) {
                    return null;
                }
            }
            return "has no engram providers (no META-INF/services/ file for " + String.join(", ", SERVICES) + ")";
        } catch (IOException e) {
            return "is not a jar (zip) file" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private static List<Path> listFiles(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("plugins directory '" + dir + "' does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("plugins directory '" + dir + "' is not a directory");
        }
        if (!Files.isReadable(dir)) {
            throw new IllegalArgumentException("plugins directory '" + dir + "' cannot be read");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                // folders and hidden files (.DS_Store, editor backups) are not candidates
                if (!p.getFileName().toString().startsWith(".") && !Files.isDirectory(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("plugins directory '" + dir + "' cannot be read: " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    private void scan(ClassLoader loader, String source) {
        boolean plugin = !source.equals("classpath");
        loadService(ModelProvider.class, loader, source, (p, src) -> {
            Object about = GuardedProviders.about(p, src);
            if (about instanceof GuardedProviders.About a) {
                add(models, "model", a.name(), plugin ? new GuardedProviders.Models(p, a) : p, a.className(), src);
            } else {
                problems.add((LoadProblem) about);
            }
        });
        loadService(StrategyProvider.class, loader, source, (p, src) -> {
            Object about = GuardedProviders.about(p, src);
            if (about instanceof GuardedProviders.About a) {
                add(strategies, "strategy", a.name(), plugin ? new GuardedProviders.Strategies(p, a) : p, a.className(), src);
            } else {
                problems.add((LoadProblem) about);
            }
        });
        loadService(KernelProvider.class, loader, source, (p, src) -> kernelProviders.add(new Entry<>(p, src)));
    }

    private <P> void add(Map<String, Entry<P>> map, String kind, String name, P provider, String className, String source) {
        if (name == null || !name.matches("[a-z][a-z0-9_-]*")) {
            problems.add(new LoadProblem(source, className,
                    kind + " name '" + name + "' is not lower case letters, digits, '_' or '-'"));
            return;
        }
        Entry<P> existing = map.get(name);
        if (existing != null) {
            problems.add(new LoadProblem(source, className,
                    "refused: two " + kind + " providers are named '" + name + "': "
                            + classOf(existing.provider()) + " (" + existing.source() + ") and "
                            + className + " (" + source + "); the first is kept"));
            return;
        }
        map.put(name, new Entry<>(provider, source));
    }

    private static String classOf(Object provider) {
        if (provider instanceof GuardedProviders.Models m) {
            return m.about.className();
        }
        if (provider instanceof GuardedProviders.Strategies s) {
            return s.about.className();
        }
        return provider.getClass().getName();
    }

    private static final Pattern PROVIDER_NAME = Pattern.compile("Provider (\\S+)");

    private <S> void loadService(Class<S> type, ClassLoader loader, String source, BiConsumer<S, String> sink) {
        Iterator<S> it = ServiceLoader.load(type, loader).iterator();
        for (int guard = 0; guard < 100_000; guard++) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                S provider = it.next();
                String src = source.equals("classpath") ? sourceOf(provider.getClass()) : source;
                sink.accept(provider, src);
            } catch (ServiceConfigurationError | LinkageError e) {
                String msg = String.valueOf(e.getMessage());
                Matcher m = PROVIDER_NAME.matcher(msg);
                String cls = m.find() ? m.group(1) : null;
                problems.add(new LoadProblem(source, cls, describe(e)));
            } catch (RuntimeException e) {
                problems.add(new LoadProblem(source, null, describe(e)));
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable c = e.getCause();
        while (c != null) {
            sb.append("; caused by ").append(c.getClass().getName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
            c = c.getCause();
        }
        return sb.toString();
    }

    private static String sourceOf(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                String p = cs.getLocation().getPath();
                int slash = p.lastIndexOf('/', p.length() - 2);
                return slash >= 0 ? p.substring(slash + 1) : p;
            }
        } catch (SecurityException ignored) {
            // fall through
        }
        return "classpath";
    }

    /**
     * Model providers, ordered by name.
     *
     * @return the providers, unmodifiable
     */
    public List<ModelProvider> models() {
        return models.values().stream().map(Entry::provider).toList();
    }

    /**
     * Strategy providers, ordered by name (compositions are not listed; {@link #strategy} makes them).
     *
     * @return the providers, unmodifiable
     */
    public List<StrategyProvider> strategies() {
        return strategies.values().stream().map(Entry::provider).toList();
    }

    /**
     * Where each model provider came from (a jar file name, or a class path entry).
     *
     * @return the entries, ordered by name, unmodifiable
     */
    public List<Entry<ModelProvider>> modelEntries() {
        return List.copyOf(models.values());
    }

    /**
     * Where each strategy provider came from (a jar file name, or a class path entry).
     *
     * @return the entries, ordered by name, unmodifiable
     */
    public List<Entry<StrategyProvider>> strategyEntries() {
        return List.copyOf(strategies.values());
    }

    /**
     * Providers that failed to load, or were refused, in the order found; the kernel providers that failed the
     * check of {@link #kernelProvider()} last (the kernels are selected first if that has not happened yet).
     *
     * @return the problems, unmodifiable; empty when everything loaded
     */
    public List<LoadProblem> problems() {
        kernelProblems();
        return Collections.unmodifiableList(problems);
    }

    /**
     * The model provider named {@code name}; an unknown name is an error that lists the known ones.
     *
     * @param name the provider's name, e.g. {@code dam}
     * @return the provider
     * @throws UnknownProviderException when no model provider has that name
     */
    public ModelProvider model(String name) {
        Entry<ModelProvider> e = models.get(name);
        if (e == null) {
            throw new UnknownProviderException("model", name, List.copyOf(models.keySet()),
                    "unknown model '" + name + "'; known models: " + known(models));
        }
        return e.provider();
    }

    /**
     * The strategy provider named {@code name}; an unknown name is an error that lists the known ones. A name
     * of several strategies joined by {@code +} ({@code rehearsal+ewc}) gives their composition ({@link
     * CompositeStrategyProvider}).
     *
     * @param name the provider's name, e.g. {@code ewc}, or several joined by {@code +}
     * @return the provider, or a new {@link CompositeStrategyProvider} for a composition
     * @throws UnknownProviderException when no strategy provider has the name (or a part's name)
     * @throws IllegalArgumentException when a part is empty or the parts cannot be composed
     */
    public StrategyProvider strategy(String name) {
        if (name != null && name.contains("+")) {
            List<StrategyProvider> parts = new ArrayList<>();
            for (String part : name.split("\\+", -1)) {
                if (part.isBlank()) {
                    throw new IllegalArgumentException("strategy '" + name + "' has an empty part; write e.g. rehearsal+ewc");
                }
                parts.add(strategy(part.trim()));
            }
            return new CompositeStrategyProvider(parts);
        }
        Entry<StrategyProvider> e = strategies.get(name);
        if (e == null) {
            throw new UnknownProviderException("strategy", name, List.copyOf(strategies.keySet()),
                    "unknown strategy '" + name + "'; known strategies: " + known(strategies));
        }
        return e.provider();
    }

    private static String known(Map<String, ?> map) {
        return map.isEmpty() ? "(none found)" : String.join(", ", map.keySet());
    }

    /**
     * The kernel provider in use, picked on the first call: the highest priority (on a tie, the name first in
     * alphabetical order) among those that pass a check. A provider whose {@code name()},
     * {@code priority()}, {@code kernels()} or {@code describe()} throws or returns null, or whose kernels compute
     * wrong results on a small fixed input (or have no usable name), is passed over: it is reported in
     * {@link #problems()} and in {@link #kernelProblems()}, and the next one is used (the built-in
     * {@code vector-core} provider, usually). What the chosen provider said is read once, at the check.
     *
     * @return the provider
     * @throws IllegalStateException when no kernel provider is on the class path, or none passes the check (the
     *         message says why; a provider's own {@link IllegalStateException}, such as vector-core's for Panama
     *         kernels forced where they cannot run, is passed on as it is)
     */
    public KernelProvider kernelProvider() {
        KernelProvider k = selectedKernels;
        if (k == null) {
            synchronized (kernelProviders) {
                k = selectedKernels;
                if (k == null) {
                    k = selectKernels();
                    selectedKernels = k;
                }
            }
        }
        return k;
    }

    /**
     * The kernel providers that were passed over because they failed the check of {@link #kernelProvider()}
     * (each is also in {@link #problems()}); selects the kernels first if that has not happened yet.
     *
     * @return the problems, unmodifiable; empty when the first choice works
     * @since 0.2
     */
    public List<LoadProblem> kernelProblems() {
        try {
            kernelProvider();
        } catch (IllegalStateException e) {
            // none works: the problems say why
        }
        synchronized (kernelProviders) {
            return List.copyOf(kernelProblems);
        }
    }

    /** A kernel provider as the check saw it: what it said then, read once. */
    private record CheckedKernelProvider(String name, int priority, Kernels kernels, String describe)
            implements KernelProvider {
    }

    private record Candidate(Entry<KernelProvider> entry, String name, int priority) {
    }

    private KernelProvider selectKernels() {
        if (kernelProviders.isEmpty()) {
            throw new IllegalStateException(
                    "no kernel provider found: put engram-vector-core (or another KernelProvider) on the class path");
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Entry<KernelProvider> e : kernelProviders) {
            KernelProvider p = e.provider();
            String name;
            int priority;
            try {
                name = p.name();
                priority = p.priority();
            } catch (RuntimeException | LinkageError x) {
                kernelProblem(e, null, "name() or priority() threw " + x);
                continue;
            }
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                kernelProblem(e, null, "name() is " + (name == null ? "null" : "'" + oneLine(name) + "'")
                        + "; accepted: letters, digits, '.', '_' or '-'");
                continue;
            }
            candidates.add(new Candidate(e, name, priority));
        }
        candidates.sort(Comparator.comparingInt(Candidate::priority).reversed()
                .thenComparing(Candidate::name));
        RuntimeException only = null;
        for (Candidate c : candidates) {
            KernelProvider p = c.entry().provider();
            Kernels kernels;
            String describe;
            try {
                kernels = p.kernels();
            } catch (IllegalStateException x) {
                only = x;
                kernelProblem(c.entry(), c.name(), "kernels() threw: " + x.getMessage());
                continue;
            } catch (RuntimeException | LinkageError x) {
                kernelProblem(c.entry(), c.name(), "kernels() threw " + x);
                continue;
            }
            if (kernels == null) {
                kernelProblem(c.entry(), c.name(), "kernels() returned null");
                continue;
            }
            String wrong = KernelCheck.problem(kernels);
            if (wrong != null) {
                kernelProblem(c.entry(), c.name(), wrong);
                continue;
            }
            try {
                describe = p.describe();
            } catch (RuntimeException | LinkageError x) {
                kernelProblem(c.entry(), c.name(), "describe() threw " + x);
                continue;
            }
            if (describe == null || describe.isBlank()) {
                kernelProblem(c.entry(), c.name(), "describe() returned " + (describe == null ? "null" : "nothing"));
                continue;
            }
            return new CheckedKernelProvider(c.name(), c.priority(), kernels, oneLine(describe));
        }
        if (only != null && candidates.size() == 1) {
            throw only;
        }
        throw new IllegalStateException("no kernel provider works: " + String.join("; ",
                kernelProblems.stream().map(LoadProblem::toString).toList()));
    }

    /** Text a provider gave, for one line: control characters as spaces, at most 200 characters. */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return (s.length() > 200 ? sb + "..." : sb.toString()).strip();
    }

    private void kernelProblem(Entry<KernelProvider> e, String name, String why) {
        LoadProblem p = new LoadProblem(e.source(), e.provider().getClass().getName(),
                "kernel provider" + (name == null ? "" : " '" + name + "'") + " not used: " + why);
        kernelProblems.add(p);
        problems.add(p);
    }

    /**
     * The selected kernels.
     *
     * @return the kernels of {@link #kernelProvider()}
     * @throws IllegalStateException when no kernel provider is on the class path
     */
    public Kernels kernels() {
        return kernelProvider().kernels();
    }

    /**
     * Class loaders of the plugin jars (to resolve plugin classes, e.g. when reading saved models).
     *
     * @return one loader per jar loaded, unmodifiable
     */
    public List<ClassLoader> pluginLoaders() {
        return List.copyOf(pluginLoaders);
    }

    /**
     * A jar's class loader whose service files are only the jar's own, so that {@link ServiceLoader} sees
     * each plugin jar's providers once and a problem is attributed to the right jar; classes still resolve
     * through the parent (the API, the JDK, the built-ins).
     */
    private static final class PluginClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        PluginClassLoader(URL jar, ClassLoader parent) {
            super(new URL[] {jar}, parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/")) {
                return findResources(name);
            }
            return super.getResources(name);
        }
    }

    /**
     * Lists the registry's contents for diagnostics.
     *
     * @return the model and strategy names and the number of problems
     */
    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", models.keySet());
        m.put("strategies", strategies.keySet());
        m.put("problems", problems.size());
        return "Registry" + m;
    }

}
