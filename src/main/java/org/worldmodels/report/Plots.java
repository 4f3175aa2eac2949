// SPDX-License-Identifier: MIT
// PNG charts of a run's metrics (loss curves, fitness per generation, histograms) through XChart.
package org.worldmodels.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.worldmodels.data.AtomicFiles;

/** Writes simple, readable charts as PNG files (atomically). */
public final class Plots {
    private Plots() {}

    /**
     * A line chart of several series over one x axis, e.g. reconstruction and KL loss per step.
     * {@code logY} uses a logarithmic y axis (all values must be positive).
     */
    public static void lines(Path png, String title, String xLabel, String yLabel, double[] x,
                             Map<String, double[]> series, boolean logY) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            if (s.getValue().length != x.length) {
                throw new IllegalArgumentException("series " + s.getKey() + " has " + s.getValue().length + " points, x has " + x.length);
            }
            if (x.length == 0) continue;
            chart.addSeries(s.getKey(), x, s.getValue()).setMarker(x.length > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        write(png, chart);
    }

    /** A histogram of {@code values} in {@code bins} equal bins. */
    public static void histogram(Path png, String title, String xLabel, double[] values, int bins) throws IOException {
        if (values.length == 0) throw new IllegalArgumentException("histogram of no values");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (hi == lo) hi = lo + 1;
        double width = (hi - lo) / bins;
        double[] centres = new double[bins];
        double[] counts = new double[bins];
        for (int b = 0; b < bins; b++) centres[b] = Math.round((lo + (b + 0.5) * width) * 10) / 10.0;
        for (double v : values) counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle("count").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("count", centres, counts);
        write(png, chart);
    }

    private static void write(Path png, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        if (png.getParent() != null) Files.createDirectories(png.getParent());
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }
}
