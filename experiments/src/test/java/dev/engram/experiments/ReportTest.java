package dev.engram.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.io.Charts;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.sweep.Sweep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds with intervals, training curves and the HTML report of runs, sweeps and kv studies. */
class ReportTest {
    @TempDir
    Path dir;

    final Registry registry = Registry.load();
    final StringWriter console = new StringWriter();

    Output output(String folder) {
        return new Output(dir.resolve(folder), new PrintWriter(console, true));
    }

    static ExperimentPlan.Builder dam() {
        return ExperimentPlan.builder().command("compare")
                .model("dam", Map.of("mode", "trained", "memories", 12, "epochs", 20))
                .strategy("naive").strategy("rehearsal")
                .data(new DataSpec("random", 3, 32, 5, null, null, null, null, null, null, null))
                .options(new Runner.Options(new double[] {0, 0.2}, 5));
    }

    /** Every figure file in {@code folder} is inlined as an SVG figure of the page, and the page links its PNG. */
    static Document assertReportListsEveryFigure(Path folder) throws Exception {
        Path page = folder.resolve(HtmlReport.FILE);
        assertTrue(Files.isRegularFile(page), "no report in " + folder);
        Document d = Jsoup.parse(page.toFile(), "UTF-8");
        Set<String> figures = new HashSet<>();
        for (Element f : d.select("figure[data-file]")) {
            assertFalse(f.select("svg").isEmpty(), "figure " + f.attr("data-file") + " has no inline svg");
            figures.add(f.attr("data-file"));
        }
        List<String> svgs = new ArrayList<>();
        try (var s = Files.list(folder)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".svg")).forEach(svgs::add);
        }
        assertFalse(svgs.isEmpty());
        assertEquals(new HashSet<>(svgs), figures, "every figure the run wrote is in the report");
        for (String svg : svgs) {
            String png = svg.replace(".svg", ".png");
            assertFalse(d.select("a[href=" + png + "]").isEmpty(), "the report links " + png);
        }
        // self-contained: no external script, style sheet or image
        assertTrue(d.select("script[src], link[rel=stylesheet], img[src^=http]").isEmpty());
        // ids are unique across the inlined figures
        List<String> ids = d.select("[id]").eachAttr("id");
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate ids in the page");
        return d;
    }

    @Test
    void seedsGiveIntervalsEverywhere() throws Exception {
        Experiments.Outcome o = Experiments.run(registry, dam().seeds(List.of(1L, 2L, 3L)).build(), output("c"));
        assertEquals(6, o.runs().size());
        JsonNode results = Json.read(dir.resolve("c/results.json"));
        assertEquals(3, results.path("seeds").size());
        JsonNode naive = results.path("summary").get(0);
        assertEquals("naive", naive.path("label").asText());
        JsonNode acc = naive.path("acc");
        double[] values = o.runs().stream().filter(r -> r.label().equals("naive")).mapToDouble(r -> r.metrics().acc())
                .toArray();
        Interval expected = Interval.of(values);
        assertEquals(expected.mean(), acc.path("mean").asDouble(), 1e-12);
        assertEquals(expected.low(), acc.path("ci95-low").asDouble(), 1e-12);
        assertTrue(acc.path("ci95-high").asDouble() >= acc.path("mean").asDouble());
        // the table prints the intervals; summary.csv has them
        assertTrue(console.toString().contains(" ± "), console.toString());
        List<String> summary = Files.readAllLines(dir.resolve("c/summary.csv"));
        assertTrue(summary.get(0).contains("acc_ci95_low") && summary.size() == 3, summary.toString());
        // training curves: every epoch of every task of every run and seed
        List<String> training = Files.readAllLines(dir.resolve("c/training.csv"));
        assertEquals(1 + 6 * 3 * 20, training.size());
        assertTrue(Files.exists(dir.resolve("c/training-naive.svg")));
        Document d = assertReportListsEveryFigure(dir.resolve("c"));
        assertTrue(d.select("table.data").text().contains("±"), "the report's table has intervals");
        assertTrue(d.text().contains("kernels"), "the report names the kernel backend");
        assertThrows(IllegalArgumentException.class, () -> dam().seeds(List.of(1L, 1L)).build());
    }

    @Test
    void sweepsAndKvStudiesGetAReport() throws Exception {
        SweepPlan p = new SweepPlan(ExperimentPlan.builder().command("sweep").name("s")
                .model("test-tiny", Map.of("epochs", 5)).strategy("test-noop")
                .data(new DataSpec("random", 2, 24, 3, null, null, null, null, null, null, null))
                .options(new Runner.Options(new double[] {0}, 3)).build(),
                Map.of("learning-rate", List.of("0.001", "0.01", "0.1", "1")), Map.of(), List.of(1L, 2L),
                Sweep.Format.JSONL);
        Experiments.run(registry, p, output("s"));
        Document d = assertReportListsEveryFigure(dir.resolve("s"));
        assertTrue(d.select("table.data").text().contains("±"));
        List<String> csv = Files.readAllLines(dir.resolve("s/sweep.csv"));
        assertTrue(csv.get(0).contains("acc_ci95_low") && csv.get(0).contains("learning_accuracy_sd"), csv.get(0));
        Experiments.run(registry, new KvPlan.Benchmark(16, new int[] {4, 8}, 2, 1), output("kv"));
        assertReportListsEveryFigure(dir.resolve("kv"));
    }

    @Test
    void aReportThatCannotBeWrittenIsAWarningNotAFailure() throws Exception {
        Files.createDirectories(dir.resolve("w/report.html/blocked"));
        Experiments.run(registry, dam().build(), output("w").forced(true));
        assertTrue(console.toString().contains("warning") && console.toString().contains("report.html not written"),
                console.toString());
        assertTrue(Files.exists(dir.resolve("w/results.csv")) && Files.exists(dir.resolve("w/compare-metrics.svg")));
    }

    @Test
    void axesFollowTheValues() {
        assertEquals(Charts.XAxis.LOG, Charts.XAxis.forValues(List.of(1.0, 100.0, 1e4, 1e6)));
        assertEquals(Charts.XAxis.INTEGER, Charts.XAxis.forValues(List.of(2.0, 3.0, 5.0, 10.0)));
        assertEquals(Charts.XAxis.LINEAR, Charts.XAxis.forValues(List.of(0.1, 0.25, 0.5)));
        assertEquals(Charts.XAxis.INTEGER, Charts.XAxis.forValues(List.of(0.0, 10.0, 1000.0)), "0 rules out a log axis");
    }
}
