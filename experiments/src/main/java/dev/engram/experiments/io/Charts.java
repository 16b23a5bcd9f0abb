package dev.engram.experiments.io;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts with XChart, saved as PNG and SVG side by side: line charts of x/y series, grouped bar charts, and a
 * heat map of a matrix. Rendering is headless (no display needed).
 */
public final class Charts {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // PNGs are encoded in memory: no cache files in the temporary folder, and no shutdown hook of ImageIO's
        // (which could not be registered while an interrupted run draws its last plots)
        javax.imageio.ImageIO.setUseCache(false);
    }

    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    /**
     * One line of a line chart. {@code x} and {@code y} have the same length; NaN values are left out.
     * {@code error} (may be null) holds the half-width of each point's error bar (a 95 % interval), NaN for none.
     */
    public record Series(String name, double[] x, double[] y, double[] error) {
        public Series {
            if (x.length != y.length || error != null && error.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and "
                        + y.length + " y values" + (error == null ? "" : " and " + error.length + " error bars"));
            }
            x = x.clone();
            y = y.clone();
            error = error == null ? null : error.clone();
        }

        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null);
        }
    }

    /** How a line chart's x axis is drawn. */
    public enum XAxis {
        /** Linear, labels as they come. */
        LINEAR,
        /** Linear, labels only at whole numbers (an integer parameter never shows 2.5). */
        INTEGER,
        /** Logarithmic (every x must be positive). */
        LOG;

        /**
         * The axis for these x values: logarithmic when they are all positive and span more than two decades,
         * integer when they are all whole numbers, linear otherwise.
         */
        public static XAxis forValues(java.util.Collection<Double> xs) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            boolean whole = true;
            for (double x : xs) {
                min = Math.min(min, x);
                max = Math.max(max, x);
                whole &= x == Math.rint(x);
            }
            if (min > 0 && max / min > 100) {
                return LOG;
            }
            return whole ? INTEGER : LINEAR;
        }
    }

    /** Ten colours that stay apart (Tableau 10), cycled with markers and line styles for more lines. */
    static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F),
        new Color(0xBAB0AC)};
    static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
        SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};
    static final java.awt.BasicStroke[] STROKES = {
        new java.awt.BasicStroke(2f),
        new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f),
        new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f)};

    /**
     * The style of line {@code i}: colour {@code i mod 10}; marker and line style change with every ten lines,
     * so 60 lines look different (10 colours x 6 markers, and 3 line styles).
     */
    static void styleSeries(XYSeries s, int i) {
        s.setLineColor(PALETTE[i % PALETTE.length]);
        s.setMarkerColor(PALETTE[i % PALETTE.length]);
        s.setMarker(MARKERS[(i / PALETTE.length) % MARKERS.length]);
        s.setLineStyle(STROKES[(i / PALETTE.length) % STROKES.length]);
    }

    /** A chart ready to be saved. */
    public static final class Plot {
        private final Chart<?, ?> chart;

        private Plot(Chart<?, ?> chart) {
            this.chart = chart;
        }

        /**
         * Writes {@code base.png} and {@code base.svg} in {@code dir} (atomically) and returns their paths.
         */
        public List<Path> save(Path dir, String base) throws IOException {
            Path png = dir.resolve(base + ".png");
            Path svg = dir.resolve(base + ".svg");
            java.awt.image.BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            AtomicFiles.write(png, out -> javax.imageio.ImageIO.write(image, "png", out));
            // SVG: the chart painted on VectorGraphics2D's recording canvas, then written by its SVG processor
            de.erichseifert.vectorgraphics2d.VectorGraphics2D g = new de.erichseifert.vectorgraphics2d.VectorGraphics2D();
            chart.paint(g, chart.getWidth(), chart.getHeight());
            de.erichseifert.vectorgraphics2d.Document doc = new de.erichseifert.vectorgraphics2d.svg.SVGProcessor()
                    .getDocument(g.getCommands(), new de.erichseifert.vectorgraphics2d.util.PageSize(0, 0,
                            chart.getWidth(), chart.getHeight()));
            ByteArrayOutputStream svgBytes = new ByteArrayOutputStream();
            doc.writeTo(svgBytes);
            AtomicFiles.write(svg, svgBytes.toByteArray());
            return List.of(png, svg);
        }
    }

    /** A line chart with markers; {@code yRange} = {min, max} fixes the y axis, or {@code null} for automatic. */
    public static Plot line(String title, String xTitle, String yTitle, List<Series> series, double[] yRange) {
        return line(title, xTitle, yTitle, series, yRange, XAxis.LINEAR);
    }

    /**
     * A line chart with markers (and error bars where a series has them), every line in its own colour, marker
     * and line-style combination; {@code yRange} = {min, max} fixes the y axis, or {@code null}.
     */
    public static Plot line(String title, String xTitle, String yTitle, List<Series> series, double[] yRange,
                            XAxis xAxis) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        if (xAxis == XAxis.LOG) {
            c.getStyler().setXAxisLogarithmic(true);
        } else if (xAxis == XAxis.INTEGER) {
            c.getStyler().setXAxisTickLabelsFormattingFunction(x -> x == Math.rint(x) ? Long.toString((long) Math.rint(x)) : "");
        }
        c.getStyler().setErrorBarsColorSeriesColor(true);
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setDecimalPattern("#.###");
        if (yRange != null) {
            c.getStyler().setYAxisMin(yRange[0]);
            c.getStyler().setYAxisMax(yRange[1]);
        }
        int drawn = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isNaN(s.x()[i]) && !Double.isNaN(s.y()[i])) {
                    xs.add(s.x()[i]);
                    ys.add(s.y()[i]);
                    double e = s.error() == null ? 0 : s.error()[i];
                    es.add(Double.isNaN(e) ? 0.0 : e);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            boolean bars = s.error() != null && es.stream().anyMatch(e -> e > 0);
            XYSeries xy = bars ? c.addSeries(s.name(), xs, ys, es) : c.addSeries(s.name(), xs, ys);
            styleSeries(xy, drawn++);
        }
        return new Plot(c);
    }

    /**
     * A grouped bar chart: one group per category, one bar per series in each group ({@code values} maps
     * series name to one value per category, in order; NaN draws no bar).
     */
    public static Plot bars(String title, String xTitle, String yTitle, List<String> categories,
                            Map<String, double[]> values, double[] yRange) {
        return bars(title, xTitle, yTitle, categories, values, null, yRange);
    }

    /**
     * Grouped bars with error bars: {@code errors} maps a series name to the half-width of each bar's interval
     * (NaN or a missing series: no error bar).
     */
    public static Plot bars(String title, String xTitle, String yTitle, List<String> categories,
                            Map<String, double[]> values, Map<String, double[]> errors, double[] yRange) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setDecimalPattern("#.###");
        c.getStyler().setLegendVisible(values.size() > 1);
        if (yRange != null) {
            c.getStyler().setYAxisMin(yRange[0]);
            c.getStyler().setYAxisMax(yRange[1]);
        }
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (e.getValue().length != categories.size()) {
                throw new IllegalArgumentException("bar series '" + e.getKey() + "' has " + e.getValue().length
                        + " values for " + categories.size() + " categories");
            }
            List<Double> ys = new ArrayList<>();
            for (double v : e.getValue()) {
                ys.add(Double.isNaN(v) ? 0.0 : v);
            }
            double[] err = errors == null ? null : errors.get(e.getKey());
            boolean withErrors = err != null && java.util.Arrays.stream(err).anyMatch(x -> x > 0);
            org.knowm.xchart.CategorySeries cs;
            if (withErrors) {
                List<Double> es = new ArrayList<>();
                for (double x : err) {
                    es.add(Double.isNaN(x) ? 0.0 : x);
                }
                cs = c.addSeries(e.getKey(), categories, ys, es);
            } else {
                cs = c.addSeries(e.getKey(), categories, ys);
            }
            cs.setFillColor(PALETTE[(c.getSeriesCollection().size() - 1) % PALETTE.length]);
        }
        c.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        return new Plot(c);
    }

    /**
     * A heat map of {@code matrix[row][col]} with the values printed in the cells; rows run down the y axis
     * labelled by {@code rowLabels}, columns along x by {@code colLabels}. NaN cells are left empty.
     */
    public static Plot heatMap(String title, String xTitle, String yTitle, double[][] matrix,
                               List<String> rowLabels, List<String> colLabels, double min, double max) {
        if (matrix.length != rowLabels.size()) {
            throw new IllegalArgumentException("heat map has " + matrix.length + " rows and " + rowLabels.size() + " row labels");
        }
        int cols = colLabels.size();
        int rows = rowLabels.size();
        // wider and taller with more tasks; the numbers shrink to fit their cells (two decimals at 20 tasks)
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH + 28 * Math.max(0, cols - 10))
                .height(HEIGHT + 24 * Math.max(0, rows - 10)).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c.getStyler());
        // cells not drawn (a task not learned yet) show the plot's neutral grey, not a colour of the scale
        c.getStyler().setPlotBackgroundColor(new Color(0xD9D9D9));
        c.getStyler().setShowValue(true);
        int size = Math.max(7, Math.min(12, 200 / Math.max(1, cols)));
        c.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, size));
        c.getStyler().setMin(min);
        c.getStyler().setMax(max);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setHeatMapValueDecimalPattern("0.00");
        c.getStyler().setRangeColors(new Color[] {new Color(0xB2182B), new Color(0xF7F7F7), new Color(0x2166AC)});
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < matrix.length; r++) {
            if (matrix[r].length != colLabels.size()) {
                throw new IllegalArgumentException("heat map row " + r + " has " + matrix[r].length + " values for "
                        + colLabels.size() + " columns");
            }
            for (int col = 0; col < matrix[r].length; col++) {
                if (!Double.isNaN(matrix[r][col])) {
                    // y index counted from the bottom: row 0 at the top.
                    cells.add(new Number[] {col, matrix.length - 1 - r, matrix[r][col]});
                }
            }
        }
        List<String> ys = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(ys);
        c.addSeries(title, colLabels, ys, cells);
        return new Plot(c);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setAntiAlias(true);
    }
}
