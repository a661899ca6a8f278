package dev.petal.report;

import dev.petal.images.Images;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The pictures of Petal's reports, drawn with JFreeChart and written as PNG. */
public final class Charts {
    private Charts() {
    }

    /**
     * A heatmap of values[row][col] (NaN = no cell) with the value printed in each cell: the paper's
     * input × output position figure.
     */
    public static BufferedImage heatmap(String title, List<String> rows, List<String> cols, double[][] values, String rowLabel,
                                        String colLabel, int width, int height) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        int n = 0;
        for (double[] r : values) for (double v : r) if (!Double.isNaN(v)) n++;
        double[][] xyz = new double[3][n];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < cols.size(); j++) {
                double v = values[i][j];
                if (Double.isNaN(v)) continue;
                xyz[0][k] = j;
                xyz[1][k] = i;
                xyz[2][k++] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        data.addSeries("values", xyz);
        if (lo == hi) hi = lo + 1e-9;
        XYBlockRenderer renderer = new XYBlockRenderer();
        Viridis scale = new Viridis(lo, hi);
        renderer.setPaintScale(scale);
        SymbolAxis x = new SymbolAxis(colLabel, cols.toArray(new String[0]));
        SymbolAxis y = new SymbolAxis(rowLabel, rows.toArray(new String[0]));
        y.setInverted(true);
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int i = 0; i < n; i++) {
            XYTextAnnotation a = new XYTextAnnotation(String.format("%.3f", xyz[2][i]), xyz[0][i], xyz[1][i]);
            a.setFont(new Font("SansSerif", Font.PLAIN, 11));
            a.setPaint(xyz[2][i] > (lo + hi) / 2 ? Color.BLACK : Color.WHITE);
            plot.addAnnotation(a);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis();
        legendAxis.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(width, height);
    }

    /** Box plots of a metric per level of one factor. */
    public static BufferedImage boxPlot(String title, String factor, String metric, Map<String, List<Double>> byLevel, int width, int height) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        byLevel.forEach((level, vs) -> data.add(vs, metric, level));
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, factor, metric, data, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setBackgroundPaint(new Color(245, 245, 245));
        ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart.createBufferedImage(width, height);
    }

    /** A line chart of y over x (e.g. the loss curve, optionally smoothed in {@code smooth}). */
    public static BufferedImage lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, xy) -> {
            XYSeries s = new XYSeries(name);
            for (int i = 0; i < xy[0].length; i++) s.add(xy[0][i], xy[1][i]);
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, series.size() > 1, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart.createBufferedImage(width, height);
    }

    public static void write(BufferedImage img, Path file) {
        Images.writePng(img, file);
    }

    /** A perceptually uniform blue → green → yellow scale. */
    public record Viridis(double lower, double upper) implements PaintScale {
        private static final int[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return color((value - lower) / (upper - lower));
        }

        /** The colour at t ∈ [0, 1]. */
        public static Color color(double t) {
            double u = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (STOPS.length - 1);
            int i = Math.min(STOPS.length - 2, (int) u);
            double f = u - i;
            int[] a = STOPS[i], b = STOPS[i + 1];
            return new Color((int) (a[0] + f * (b[0] - a[0])), (int) (a[1] + f * (b[1] - a[1])), (int) (a[2] + f * (b[2] - a[2])));
        }
    }
}
