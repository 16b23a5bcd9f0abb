package dev.engram.experiments;

import dev.engram.experiments.io.AtomicFiles;
import dev.engram.experiments.io.Csv;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report.html}: one self-contained page per output folder — the configuration, the versions and kernel
 * backend, the tables (with 95 % intervals), every figure inlined as SVG (no external asset: it works offline and
 * from a {@code file://} URL) and links to the data files. Each figure is a {@code <figure data-file="NAME.svg">}
 * with links to its SVG and PNG. A report that cannot be written never fails the run: one warning line, the
 * other files stay.
 */
public final class HtmlReport {
    /** The report's file name. */
    public static final String FILE = "report.html";

    private HtmlReport() {
    }

    /** The report of a run or comparison. */
    static void forExperiment(Path dir, String title, Map<String, Object> results, List<RunResult> runs,
                              List<Path> files, PrintWriter console) {
        StringBuilder b = new StringBuilder();
        b.append(header(title, results));
        b.append("<h2 id=\"results\">Results</h2>\n");
        Path summary = dir.resolve("summary.csv");
        if (Files.isRegularFile(summary)) {
            b.append(csvTable(summary, List.of("label", "seeds", "acc", "bwt", "fwt", "forgetting", "learning_accuracy"),
                    true));
        }
        b.append("<p>Mean ± half-width of the 95 % t-interval over the seeds (Apache Commons Math); one seed has no "
                + "interval. Per run and seed: <a href=\"results.csv\">results.csv</a>.</p>\n");
        b.append(figures(dir, files.stream().filter(p -> p.toString().endsWith(".svg")).toList()));
        b.append(dataFiles(dir));
        b.append(config(results.get("config")));
        write(dir, title, b.toString(), console);
    }

    /**
     * The report of a sweep folder (written by every merge).
     *
     * @param versions the versions {@code sweep.json} recorded (null when it has none)
     */
    public static void forSweep(Path dir, String title, Object sweepConfig, Object versions, PrintWriter console) {
        StringBuilder b = new StringBuilder();
        Map<String, Object> head = new java.util.LinkedHashMap<>();
        head.put("status", "sweep");
        head.put("versions", versions);
        b.append(header(title, head));
        b.append("<h2 id=\"results\">Grid points</h2>\n");
        Path csv = dir.resolve("sweep.csv");
        if (Files.isRegularFile(csv)) {
            b.append(csvTable(csv, List.of("model", "strategy", "grid", "seeds", "acc", "bwt", "fwt", "forgetting",
                    "learning_accuracy"), true));
        }
        b.append("<p>Mean ± half-width of the 95 % t-interval over the seeds of each grid point; every trial is a "
                + "record under <a href=\"trials/\">trials/</a>.</p>\n");
        b.append(figures(dir, svgs(dir)));
        b.append(dataFiles(dir));
        b.append(config(sweepConfig));
        write(dir, title, b.toString(), console);
    }

    /** A report of whatever a folder holds (key-value studies, presets with their own files). */
    public static void forFolder(Path dir, String title, Map<String, Object> versions, PrintWriter console) {
        StringBuilder b = new StringBuilder();
        b.append(header(title, Map.of("versions", versions)));
        for (Path csv : list(dir, ".csv")) {
            b.append("<h2>").append(esc(csv.getFileName().toString())).append("</h2>\n");
            b.append(csvTable(csv, null, false));
        }
        b.append(figures(dir, svgs(dir)));
        b.append(dataFiles(dir));
        write(dir, title, b.toString(), console);
    }

    private static String header(String title, Map<String, Object> results) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(esc(title)).append("</h1>\n<table class=\"meta\">\n");
        Object status = results.get("status");
        if (status != null) {
            row(b, "status", String.valueOf(status));
        }
        if (results.get("seeds") != null) {
            row(b, "seeds", String.valueOf(results.get("seeds")));
        }
        if (results.get("versions") instanceof Map<?, ?> v) {
            for (Map.Entry<?, ?> e : v.entrySet()) {
                row(b, String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        if (results.get("sequence") != null) {
            row(b, "task sequence", Json.line(results.get("sequence")));
        }
        row(b, "written", Instant.now().toString());
        b.append("</table>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static String config(Object config) {
        if (config == null) {
            return "";
        }
        String pretty;
        try {
            pretty = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(config);
        } catch (IOException e) {
            pretty = String.valueOf(config);
        }
        return "<h2 id=\"config\">Configuration</h2>\n<pre>" + esc(pretty) + "</pre>\n";
    }

    /**
     * A table of {@code csv}: the given columns (all when null); with {@code intervals}, a column {@code x} that
     * has {@code x_ci95_low}/{@code x_ci95_high} beside it is shown as {@code mean ± half-width}.
     */
    static String csvTable(Path csv, List<String> columns, boolean intervals) {
        List<List<String>> rows;
        try {
            rows = Csv.read(csv);
        } catch (IOException | RuntimeException e) {
            return "<p>(" + esc(csv.getFileName().toString()) + " could not be read)</p>\n";
        }
        if (rows.isEmpty()) {
            return "";
        }
        List<String> head = rows.get(0);
        List<String> cols = columns == null ? head : columns.stream().filter(head::contains).toList();
        StringBuilder b = new StringBuilder("<table class=\"data\">\n<tr>");
        for (String c : cols) {
            b.append("<th>").append(esc(c.replace('_', ' '))).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> r : rows.subList(1, rows.size())) {
            b.append("<tr>");
            for (String c : cols) {
                String v = cell(r, head.indexOf(c));
                int lo = head.indexOf(c + "_ci95_low");
                int hi = head.indexOf(c + "_ci95_high");
                String text = c.equals("seeds") || c.equals("seed") ? v : number(v);
                if (intervals && lo >= 0 && hi >= 0) {
                    try {
                        double half = (Double.parseDouble(cell(r, hi)) - Double.parseDouble(cell(r, lo))) / 2;
                        if (!Double.isNaN(half)) {
                            text += String.format(Locale.ROOT, " ± %.3f", half);
                        }
                    } catch (NumberFormatException e) {
                        // no interval (one seed)
                    }
                }
                b.append("<td>").append(esc(text)).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String cell(List<String> r, int i) {
        return i >= 0 && i < r.size() ? r.get(i) : "";
    }

    private static String number(String v) {
        if (v.isEmpty() || v.equals("NaN")) {
            return v.isEmpty() ? "" : "–";
        }
        try {
            return String.format(Locale.ROOT, "%.3f", Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    /** Every SVG inlined, its ids prefixed so that the figures of one page never share an id. */
    static String figures(Path dir, List<Path> given) {
        StringBuilder b = new StringBuilder("<h2 id=\"figures\">Figures</h2>\n");
        int n = 0;
        // the figures across runs first, then those of each run
        List<Path> svgs = new ArrayList<>(given);
        svgs.sort(java.util.Comparator.comparing((Path p) -> {
            String f = p.getFileName().toString();
            return f.startsWith("compare-") || f.startsWith("sweep-") || f.startsWith("recall-") ? 0 : 1;
        }));
        for (Path svg : svgs) {
            String name = svg.getFileName().toString();
            String base = name.substring(0, name.length() - 4);
            String text;
            try {
                text = Files.readString(svg, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            int start = text.indexOf("<svg");
            if (start < 0) {
                continue;
            }
            text = text.substring(start);
            String prefix = "f" + (n++) + "-";
            Matcher m = ID.matcher(text);
            List<String> ids = new ArrayList<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            for (String id : ids) {
                text = text.replace("id=\"" + id + "\"", "id=\"" + prefix + id + "\"")
                        .replace("url(#" + id + ")", "url(#" + prefix + id + ")")
                        .replace("href=\"#" + id + "\"", "href=\"#" + prefix + id + "\"");
            }
            b.append("<figure data-file=\"").append(esc(name)).append("\">\n").append(text).append("\n<figcaption>")
                    .append(esc(base)).append(" — <a href=\"").append(esc(name)).append("\">SVG</a>");
            if (Files.exists(dir.resolve(base + ".png"))) {
                b.append(" · <a href=\"").append(esc(base)).append(".png\">PNG</a>");
            }
            b.append("</figcaption>\n</figure>\n");
        }
        return b.toString();
    }

    private static String dataFiles(Path dir) {
        StringBuilder b = new StringBuilder("<h2 id=\"data\">Data files</h2>\n<ul>\n");
        List<Path> files = new ArrayList<>(list(dir, ".json"));
        files.addAll(list(dir, ".jsonl"));
        files.addAll(list(dir, ".csv"));
        for (Path f : files) {
            String n = f.getFileName().toString();
            b.append("<li><a href=\"").append(esc(n)).append("\">").append(esc(n)).append("</a></li>\n");
        }
        return b.append("</ul>\n").toString();
    }

    static List<Path> svgs(Path dir) {
        return list(dir, ".svg");
    }

    private static List<Path> list(Path dir, String ext) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + ext)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static void write(Path dir, String title, String body, PrintWriter console) {
        String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title)
                + "</title>\n<style>\nbody{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
                + "\ntable{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:left;font-size:14px}table.data td{font-variant-numeric:tabular-nums}"
                + "\nfigure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:13px;color:#555}"
                + "\npre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}\n</style>\n</head>\n<body>\n"
                + body + "<p style=\"font-size:12px;color:#777\">Written by Engram " + esc(Versions.engram())
                + ".</p>\n</body>\n</html>\n";
        try {
            AtomicFiles.writeString(dir.resolve(FILE), page);
        } catch (IOException | RuntimeException e) {
            if (console != null) {
                console.println("engram: warning: " + dir.resolve(FILE) + " not written (" + e.getMessage()
                        + "); the other files are complete");
                console.flush();
            }
        }
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
