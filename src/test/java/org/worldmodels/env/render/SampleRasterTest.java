// SPDX-License-Identifier: MIT
// SampleRaster against the definition: a sample is filled when its point lies in the polygon grown by
// the square of half-side dilate (the Minkowski sum), for random convex polygons of either winding.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleRasterTest {
    static final int POLYGONS = 120;
    /** Samples whose centre lies within this distance of the boundary may go either way (rounding). */
    static final double BOUNDARY_SLACK = 1e-9;

    @Test
    void fillConvexCoversExactlyTheGrownPolygon() {
        Random rnd = new Random(7);
        SampleRaster raster = new SampleRaster(64, 48, 100, 80);
        double[] xs = new double[8], ys = new double[8];
        int checked = 0;
        for (int p = 0; p < POLYGONS; p++) {
            int n = 3 + rnd.nextInt(6);
            randomConvex(rnd, n, xs, ys);
            double dilate = p % 3 == 0 ? 0 : p % 3 == 1 ? 0.5 : 3.0;
            raster.clear((byte) 0);
            raster.fillConvex(xs, ys, n, dilate, (byte) 1);
            for (int r = 0; r < raster.rows; r++) {
                for (int m = 0; m < raster.cols; m++) {
                    double x = (m + 0.5) * raster.dx, y = (r + 0.5) * raster.dy;
                    double d = distanceOutside(xs, ys, n, x, y, dilate);
                    if (Math.abs(d) < BOUNDARY_SLACK) continue;
                    boolean inside = d < 0;
                    assertEquals(inside ? 1 : 0, raster.sample(m, r), String.format(
                        "polygon %d (n %d, dilate %.1f) sample (%d,%d): signed gap %.3g", p, n, dilate, m, r, d));
                    checked++;
                }
            }
        }
        assertTrue(checked > POLYGONS * 3000, "too few samples checked: " + checked);
    }

    /** n points at sorted random angles on a random ellipse: a convex polygon, either winding. */
    private static void randomConvex(Random rnd, int n, double[] xs, double[] ys) {
        double cx = rnd.nextDouble() * 100, cy = rnd.nextDouble() * 80, ax = 3 + rnd.nextDouble() * 40, ay = 3 + rnd.nextDouble() * 40;
        double[] angles = new double[n];
        for (int i = 0; i < n; i++) angles[i] = rnd.nextDouble() * 2 * Math.PI;
        java.util.Arrays.sort(angles);
        boolean reverse = rnd.nextBoolean();
        for (int i = 0; i < n; i++) {
            double a = angles[reverse ? n - 1 - i : i];
            xs[i] = cx + ax * Math.cos(a);
            ys[i] = cy + ay * Math.sin(a);
        }
    }

    /**
     * Signed test of (x, y) against the polygon grown by the square [-d, d]^2: the point is inside the
     * Minkowski sum iff the square around it, [x-d, x+d] x [y-d, y+d], meets the polygon. Returns a
     * negative number inside, positive outside (the separating gap), via separating axes.
     */
    private static double distanceOutside(double[] xs, double[] ys, int n, double x, double y, double d) {
        double gap = -Double.MAX_VALUE;
        // axes of the square: x and y
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xs[i]);
            maxX = Math.max(maxX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        gap = Math.max(gap, Math.max(minX - (x + d), (x - d) - maxX));
        gap = Math.max(gap, Math.max(minY - (y + d), (y - d) - maxY));
        // the polygon's edge normals
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double nx = ys[j] - ys[i], ny = xs[i] - xs[j], len = Math.hypot(nx, ny);
            if (len == 0) continue;
            nx /= len;
            ny /= len;
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (int k = 0; k < n; k++) {
                double v = xs[k] * nx + ys[k] * ny;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            double c = x * nx + y * ny, r = d * (Math.abs(nx) + Math.abs(ny));
            gap = Math.max(gap, Math.max(lo - (c + r), (c - r) - hi));
        }
        return gap;
    }
}
