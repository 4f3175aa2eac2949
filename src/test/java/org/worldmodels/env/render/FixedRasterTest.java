// SPDX-License-Identifier: MIT
// FixedRaster's span fill against a per-pixel evaluation of the edge functions (the plain version of
// the coverage rule), and the tie rule's promise: triangles sharing an edge cover its pixels once.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedRasterTest {
    static final int W = 24, H = 20, TRIALS = 400;

    @Test
    void spansEqualPerPixelEdgeTests() {
        Random rnd = new Random(11);
        FixedRaster raster = new FixedRaster(W, new byte[] {0, 0, 0, 9, 9, 9});
        byte[] rgb = new byte[W * H * 3];
        long[] x = new long[3], y = new long[3];
        for (int t = 0; t < TRIALS; t++) {
            // vertices on a coarse sub-pixel grid so that centres often lie exactly on edges (ties)
            for (int v = 0; v < 3; v++) {
                x[v] = (rnd.nextInt(W * 4 + 8) - 4) * 64L;
                y[v] = (rnd.nextInt(H * 4 + 8) - 4) * 64L;
            }
            java.util.Arrays.fill(rgb, (byte) 0);
            raster.target(rgb, 0, H - 1);
            raster.triangle(x[0], y[0], x[1], y[1], x[2], y[2], (byte) 1);
            for (int r = 0; r < H; r++) {
                for (int i = 0; i < W; i++) {
                    int expected = coveredByDefinition(x, y, i * 256L, r * 256L) ? 9 : 0;
                    assertEquals(expected, rgb[3 * (r * W + i)], "trial " + t + " pixel (" + i + "," + r + ")");
                }
            }
        }
    }

    @Test
    void twoTrianglesOfAQuadCoverEachPixelOnce() {
        Random rnd = new Random(5);
        FixedRaster raster = new FixedRaster(W, new byte[] {0, 0, 0, 1, 1, 1, 2, 2, 2});
        byte[] a = new byte[W * H * 3], b = new byte[W * H * 3];
        for (int t = 0; t < TRIALS; t++) {
            // a parallelogram on the grid, split along its diagonal v0-v2
            long x0 = rnd.nextInt(W * 2) * 128L, y0 = rnd.nextInt(H * 2) * 128L;
            long ux = (rnd.nextInt(17) - 8) * 128L, uy = (rnd.nextInt(17) - 8) * 128L;
            long vx = (rnd.nextInt(17) - 8) * 128L, vy = (rnd.nextInt(17) - 8) * 128L;
            java.util.Arrays.fill(a, (byte) 0);
            java.util.Arrays.fill(b, (byte) 0);
            raster.target(a, 0, H - 1);
            raster.triangle(x0, y0, x0 + ux, y0 + uy, x0 + ux + vx, y0 + uy + vy, (byte) 1);
            raster.target(b, 0, H - 1);
            raster.triangle(x0, y0, x0 + ux + vx, y0 + uy + vy, x0 + vx, y0 + vy, (byte) 2);
            long[] qx = {x0, x0 + ux, x0 + ux + vx, x0 + vx}, qy = {y0, y0 + uy, y0 + uy + vy, y0 + vy};
            byte[] whole = new byte[W * H * 3];
            raster.target(whole, 0, H - 1);
            boolean convex = raster.convexPolygon(qx, qy, 4, (byte) 1);
            for (int p = 0; p < W * H; p++) {
                int covers = (a[3 * p] != 0 ? 1 : 0) + (b[3 * p] != 0 ? 1 : 0);
                assertEquals(true, covers <= 1, "trial " + t + " pixel " + p + " covered twice");
                if (convex) assertEquals(covers, whole[3 * p] != 0 ? 1 : 0, "trial " + t + " pixel " + p + ": quad filled whole differs from its triangles");
            }
        }
    }

    /** The plain rule: centre inside all three edges, or on a left or bottom edge (image y down). */
    private static boolean coveredByDefinition(long[] x, long[] y, long px, long py) {
        long area = (x[1] - x[0]) * (y[2] - y[0]) - (y[1] - y[0]) * (x[2] - x[0]);
        if (area == 0) return false;
        int s = area > 0 ? 1 : -1;
        for (int e = 0; e < 3; e++) {
            int f = (e + 1) % 3;
            long ax = x[e], ay = y[e], bx = x[f], by = y[f];
            if (s < 0) { // walk the other way round so the interior is on the positive side
                ax = x[f]; ay = y[f]; bx = x[e]; by = y[e];
            }
            long A = ay - by, B = bx - ax;
            long value = A * (px - ax) + B * (py - ay);
            boolean owner = A > 0 || (A == 0 && B < 0);
            if (value < 0 || (value == 0 && !owner)) return false;
        }
        return true;
    }
}
