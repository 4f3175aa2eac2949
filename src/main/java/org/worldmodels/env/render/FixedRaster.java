// SPDX-License-Identifier: MIT
// Aliased triangle and convex polygon fill in 1/256-pixel fixed point, as OpenGL's software rasteriser
// llvmpipe does it: a pixel is covered when its centre lies inside; ties go to left and bottom edges.
package org.worldmodels.env.render;

/**
 * Fills flat-coloured triangles and convex polygons into an RGB byte image ({@code width*height*3},
 * rows top to bottom). Colours are palette indices; each has a prebuilt row of its RGB triplets, so
 * filling a span is one System.arraycopy.
 *
 * <p>Vertices are given in fixed point: 256 units per pixel, with the centre of pixel (col i, row r)
 * at (256 i, 256 r) - the caller subtracts the half-pixel offset before snapping. Coverage is exact
 * integer arithmetic on the edge functions E(p) = A p.x + B p.y + C: a centre is inside when E > 0 for
 * all three edges, or E = 0 on a "left" edge or a "bottom" edge of the y-down image - GL's top-left
 * rule in its y-up window (so two triangles sharing an edge never both cover a pixel on it, and a
 * quad split into two triangles has no seam). Each row is filled as one span, whose ends are found
 * by a floating-point estimate corrected with the exact integer test.
 */
final class FixedRaster {
    /** Fixed-point units per pixel (llvmpipe's 8 sub-pixel bits). */
    static final int ONE = 256;

    private final int width;
    /** Per palette colour, a row of width RGB triplets. */
    private final byte[][] rowOf;
    private byte[] rgb;
    private int rowMin, rowMax;

    // per-edge setup of the current triangle (reused, no allocation)
    static final int MAX_EDGES = 8;
    private final long[] edgeA = new long[MAX_EDGES], edgeRow = new long[MAX_EDGES], edgeStep = new long[MAX_EDGES];
    private final double[] edgeInvA = new double[MAX_EDGES];

    /** {@code palette} holds RGB bytes, 3 per colour index. */
    FixedRaster(int width, byte[] palette) {
        this.width = width;
        rowOf = new byte[palette.length / 3][3 * width];
        for (int c = 0; c < rowOf.length; c++) {
            for (int i = 0; i < 3 * width; i++) rowOf[c][i] = palette[3 * c + i % 3];
        }
    }

    /** Targets {@code rgb} and limits drawing to rows rowMin..rowMax (inclusive). */
    void target(byte[] rgb, int rowMin, int rowMax) {
        this.rgb = rgb;
        this.rowMin = rowMin;
        this.rowMax = rowMax;
    }

    /** Fills the triangle (x0,y0) (x1,y1) (x2,y2) (fixed point) in palette colour c; either winding. */
    void triangle(long x0, long y0, long x1, long y1, long x2, long y2, byte c) {
        // twice the signed area; make it positive so that the interior has E > 0 on every edge
        long area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
        if (area == 0) return; // degenerate: GL draws nothing
        if (area < 0) {
            long tx = x1, ty = y1;
            x1 = x2; y1 = y2;
            x2 = tx; y2 = ty;
        }
        int top = (int) Math.max(rowMin, ceilDiv(Math.min(y0, Math.min(y1, y2)), ONE));
        int bottom = (int) Math.min(rowMax, Math.floorDiv(Math.max(y0, Math.max(y1, y2)), ONE));
        if (top > bottom) return;
        setupEdge(0, x0, y0, x1, y1, top);
        setupEdge(1, x1, y1, x2, y2, top);
        setupEdge(2, x2, y2, x0, y0, top);
        fillRows(3, top, bottom, c);
    }

    /**
     * Fills a convex polygon of n vertices (fixed point) directly - the same pixels as GL's split into
     * triangles, whose shared diagonals own each centre on them exactly once. Returns false (drawing
     * nothing) when the polygon is not convex, so the caller can split it as GL does.
     */
    boolean convexPolygon(long[] xs, long[] ys, int n, byte c) {
        long area = 0;
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            area += xs[i] * ys[j] - xs[j] * ys[i];
        }
        if (area == 0) return true; // degenerate: no pixels
        long sign = area > 0 ? 1 : -1;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n, k = (i + 2) % n;
            long turn = (xs[j] - xs[i]) * (ys[k] - ys[j]) - (ys[j] - ys[i]) * (xs[k] - xs[j]);
            if (turn * sign < 0) return false;
        }
        long yMin = Long.MAX_VALUE, yMax = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            yMin = Math.min(yMin, ys[i]);
            yMax = Math.max(yMax, ys[i]);
        }
        int top = (int) Math.max(rowMin, ceilDiv(yMin, ONE));
        int bottom = (int) Math.min(rowMax, Math.floorDiv(yMax, ONE));
        if (top > bottom) return true;
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            // walk the edges so that the interior has E > 0 (positive area in this edge-function convention)
            if (sign > 0) setupEdge(i, xs[i], ys[i], xs[j], ys[j], top);
            else setupEdge(i, xs[j], ys[j], xs[i], ys[i], top);
        }
        fillRows(n, top, bottom, c);
        return true;
    }

    /** Row by row, the span of pixel centres inside all n edges set up by setupEdge. */
    private void fillRows(int n, int top, int bottom, byte c) {
        for (int row = top; row <= bottom; row++) {
            int lo = 0, hi = width - 1;
            for (int e = 0; e < n && lo <= hi; e++) {
                long a = edgeA[e], v = edgeRow[e];
                // inside this edge: a*i + v > 0 (v holds the row's part of E plus the tie bias)
                if (a > 0) {
                    lo = (int) Math.max(lo, firstInside(a, v, edgeInvA[e]));
                } else if (a < 0) {
                    hi = (int) Math.min(hi, lastInside(a, v, edgeInvA[e]));
                } else if (v <= 0) {
                    lo = hi + 1;
                }
            }
            if (lo <= hi) System.arraycopy(rowOf[c], 0, rgb, 3 * (row * width + lo), 3 * (hi - lo + 1));
            for (int e = 0; e < n; e++) edgeRow[e] += edgeStep[e];
        }
    }

    /** Edge a->b: E(p) = (a.y - b.y) p.x + (b.x - a.x) p.y + C, evaluated at pixel centres (256 i, 256 row). */
    private void setupEdge(int e, long ax, long ay, long bx, long by, int firstRow) {
        long A = ay - by, B = bx - ax;
        long C = -(A * ax + B * ay);
        // tie rule: left edges (interior to the right, A > 0) and bottom edges (horizontal, interior above
        // in the y-down image) own the centres on them - GL's top-left rule seen in its y-up window
        long bias = (A > 0 || (A == 0 && B < 0)) ? 1 : 0;
        edgeA[e] = A * ONE;
        edgeInvA[e] = A == 0 ? 0 : 1.0 / (A * ONE);
        edgeStep[e] = B * ONE;
        edgeRow[e] = B * ONE * firstRow + C + bias;
    }

    /** Smallest i with a*i + v > 0, a > 0. */
    private static long firstInside(long a, long v, double invA) {
        long i = (long) Math.floor(-v * invA) + 1;
        while (a * (i - 1) + v > 0) i--;
        while (a * i + v <= 0) i++;
        return i;
    }

    /** Largest i with a*i + v > 0, a < 0. */
    private static long lastInside(long a, long v, double invA) {
        long i = (long) Math.ceil(-v * invA) - 1;
        while (a * (i + 1) + v > 0) i++;
        while (a * i + v <= 0) i--;
        return i;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
