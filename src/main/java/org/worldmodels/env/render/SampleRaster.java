// SPDX-License-Identifier: MIT
// Point-sampled polygon fill on a regular grid of sample positions, in floating point: the coverage
// estimator behind the anti-aliased renderers (each output pixel averages its block of samples).
package org.worldmodels.env.render;

import java.util.Arrays;

/**
 * A grid of {@code cols x rows} samples over a canvas; sample (m, n) sits at canvas point
 * ((m + 0.5) dx, (n + 0.5) dy) and holds a palette index (a byte). Eight neighbouring samples of a
 * row share one long ({@link #cells}, sample m in byte m mod 8, little-endian), so a renderer that
 * gives each output pixel 8 samples across reads a pixel's row in one load. Polygons are filled in painter's order;
 * {@code dilate} grows a polygon by that many canvas pixels in x and y (the Minkowski sum with a
 * square), modelling rasterisers that fill every pixel touched by the outline (pygame's inclusive
 * spans and anti-aliased outlines).
 */
final class SampleRaster {
    final int cols, rows;
    final double dx, dy;
    /** rows x cols/8 longs of 8 sample bytes each. */
    final long[] cells;
    final int cellsPerRow;
    static final long BYTE_REPEAT = 0x0101010101010101L;
    /** Per edge of the current polygon: dx/dy (0 for horizontal edges, which never cross a strip border). */
    private final double[] slope = new double[16];

    SampleRaster(int cols, int rows, double canvasWidth, double canvasHeight) {
        this.cols = cols;
        this.rows = rows;
        dx = canvasWidth / cols;
        dy = canvasHeight / rows;
        if (cols % 8 != 0) throw new IllegalArgumentException("cols must be a multiple of 8: " + cols);
        cellsPerRow = cols / 8;
        cells = new long[cellsPerRow * rows];
    }

    void clear(byte c) {
        Arrays.fill(cells, (c & 0xffL) * BYTE_REPEAT);
    }

    /** Sample (m, row) - for tests and slow paths. */
    int sample(int m, int row) {
        return (int) (cells[row * cellsPerRow + (m >> 3)] >>> 8 * (m & 7)) & 0xff;
    }

    /** Sets samples c0..c1 (inclusive) of a row to colour c: masked ends, whole longs between. */
    private void fillSpan(int row, int c0, int c1, byte c) {
        long pattern = (c & 0xffL) * BYTE_REPEAT;
        int a = row * cellsPerRow + (c0 >> 3), b = row * cellsPerRow + (c1 >> 3);
        long first = -1L << 8 * (c0 & 7); // bytes c0 mod 8 .. 7
        long last = (c1 & 7) == 7 ? -1L : (1L << 8 * ((c1 & 7) + 1)) - 1; // bytes 0 .. c1 mod 8
        if (a == b) {
            long mask = first & last;
            cells[a] = cells[a] & ~mask | pattern & mask;
            return;
        }
        cells[a] = cells[a] & ~first | pattern & first;
        if (b > a + 1) Arrays.fill(cells, a + 1, b, pattern);
        cells[b] = cells[b] & ~last | pattern & last;
    }

    /**
     * Fills the convex polygon (xs[i], ys[i]), i < n, canvas coordinates, grown by {@code dilate}.
     * For each sample row at height y, the span is the polygon's x-extent over the strip
     * [y - dilate, y + dilate], widened by dilate on both sides (exact for convex polygons).
     */
    void fillConvex(double[] xs, double[] ys, int n, double dilate, byte c) {
        double yMin = ys[0], yMax = ys[0];
        for (int i = 1; i < n; i++) {
            yMin = Math.min(yMin, ys[i]);
            yMax = Math.max(yMax, ys[i]);
        }
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            slope[i] = ys[j] != ys[i] ? (xs[j] - xs[i]) / (ys[j] - ys[i]) : 0;
        }
        // sample rows whose centre (r + 0.5) dy lies in [yMin - dilate, yMax + dilate]
        int r0 = (int) Math.max(0, Math.ceil((yMin - dilate) / dy - 0.5));
        int r1 = (int) Math.min(rows - 1, Math.floor((yMax + dilate) / dy - 0.5));
        for (int r = r0; r <= r1; r++) {
            double y = (r + 0.5) * dy, lo = y - dilate, hi = y + dilate;
            double xl = Double.MAX_VALUE, xr = -Double.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                int j = i + 1 == n ? 0 : i + 1;
                double xi = xs[i], yi = ys[i], yj = ys[j];
                if (yi >= lo && yi <= hi) {
                    xl = Math.min(xl, xi);
                    xr = Math.max(xr, xi);
                }
                // where the edge crosses the strip's borders
                if ((yi < lo) != (yj < lo)) {
                    double x = xi + (lo - yi) * slope[i];
                    xl = Math.min(xl, x);
                    xr = Math.max(xr, x);
                }
                if ((yi < hi) != (yj < hi)) {
                    double x = xi + (hi - yi) * slope[i];
                    xl = Math.min(xl, x);
                    xr = Math.max(xr, x);
                }
            }
            if (xl > xr) continue;
            int c0 = (int) Math.max(0, Math.ceil((xl - dilate) / dx - 0.5));
            int c1 = (int) Math.min(cols - 1, Math.floor((xr + dilate) / dx - 0.5));
            if (c0 <= c1) fillSpan(r, c0, c1, c);
        }
    }
}
