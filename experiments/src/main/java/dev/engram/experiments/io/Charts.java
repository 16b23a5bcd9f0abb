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
import org.knowm.xchart.VectorGraphicsEncoder;
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
    }

    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    /** One line of a line chart. {@code x} and {@code y} have the same length; NaN values are left out. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and "
                        + y.length + " y values");
            }
            x = x.clone();
            y = y.clone();
        }
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
            byte[] pngBytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            AtomicFiles.write(png, pngBytes);
            ByteArrayOutputStream svgBytes = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svgBytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            AtomicFiles.write(svg, svgBytes.toByteArray());
            return List.of(png, svg);
        }
    }

    /** A line chart with markers; {@code yRange} = {min, max} fixes the y axis, or {@code null} for automatic. */
    public static Plot line(String title, String xTitle, String yTitle, List<Series> series, double[] yRange) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setDecimalPattern("#.###");
        if (yRange != null) {
            c.getStyler().setYAxisMin(yRange[0]);
            c.getStyler().setYAxisMax(yRange[1]);
        }
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isNaN(s.x()[i]) && !Double.isNaN(s.y()[i])) {
                    xs.add(s.x()[i]);
                    ys.add(s.y()[i]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries xy = c.addSeries(s.name(), xs, ys);
            xy.setMarker(SeriesMarkers.CIRCLE);
        }
        return new Plot(c);
    }

    /**
     * A grouped bar chart: one group per category, one bar per series in each group ({@code values} maps
     * series name to one value per category, in order; NaN draws no bar).
     */
    public static Plot bars(String title, String xTitle, String yTitle, List<String> categories,
                            Map<String, double[]> values, double[] yRange) {
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
            c.addSeries(e.getKey(), categories, ys);
        }
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
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setShowValue(true);
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
