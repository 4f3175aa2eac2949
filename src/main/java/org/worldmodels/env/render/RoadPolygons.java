// SPDX-License-Identifier: MIT
// The static world's polygons in draw order (grass squares, then tiles with their kerbs), with
// bounding circles so a renderer can skip what lies outside its view with one distance test.
package org.worldmodels.env.render;

import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.Track;

/**
 * Built once per track (renderers rebuild it when the scene's track changes, i.e. per reset - never
 * per frame). Quads are 8 numbers (x0,y0,...,x3,y3) in metres, kept both as float64 (what the
 * reference computed) and float32 (what OpenGL received from glVertex3f).
 */
final class RoadPolygons {
    /** Grass squares: for even gx, gy in -20..18, [k gx, k gx + k] x [k gy, k gy + k], k = PLAYFIELD/20. */
    static final int GRASS_COUNT = 400;
    static final double[] GRASS = grassSquares();
    static final float[] GRASS_F = toFloat(GRASS);
    /** Bounding-circle radius of a grass square (half its diagonal). */
    static final double GRASS_RADIUS = CarRacingConstants.GRASS_DIM * Math.sqrt(0.5);

    final Track track;
    /** The road list in draw order: tile i, then its kerb if it has one. */
    final int count;
    final double[] quad;
    final float[] quadF;
    /** -1 for a kerb, else the tile index (its colour depends on whether it was touched). */
    final int[] tile;
    final boolean[] red;
    final double[] centreX, centreY, radius;

    RoadPolygons(Track track) {
        this.track = track;
        count = track.size() + track.kerbCount();
        quad = new double[8 * count];
        tile = new int[count];
        red = new boolean[count];
        centreX = new double[count];
        centreY = new double[count];
        radius = new double[count];
        int k = 0, j = 0;
        for (int i = 0; i < track.size(); i++) {
            k = add(k, track.tileVertices, 8 * i, i, false);
            while (j < track.kerbCount() && track.kerbTile[j] == i) {
                k = add(k, track.kerbVertices, 8 * j, -1, track.kerbRed[j]);
                j++;
            }
        }
        if (k != count) throw new IllegalArgumentException("kerbs not in tile order: placed " + k + " of " + count);
        quadF = toFloat(quad);
    }

    private int add(int k, double[] src, int off, int tileIndex, boolean isRed) {
        System.arraycopy(src, off, quad, 8 * k, 8);
        tile[k] = tileIndex;
        red[k] = isRed;
        double cx = 0, cy = 0;
        for (int v = 0; v < 4; v++) {
            cx += src[off + 2 * v] / 4;
            cy += src[off + 2 * v + 1] / 4;
        }
        double r = 0;
        for (int v = 0; v < 4; v++) r = Math.max(r, Math.hypot(src[off + 2 * v] - cx, src[off + 2 * v + 1] - cy));
        centreX[k] = cx;
        centreY[k] = cy;
        radius[k] = r;
        return k + 1;
    }

    /** Grass square corners in the reference's vertex order: (x+k, y), (x, y), (x, y+k), (x+k, y+k). */
    private static double[] grassSquares() {
        double k = CarRacingConstants.PLAYFIELD / 20.0;
        double[] g = new double[8 * GRASS_COUNT];
        int p = 0;
        for (int x = -20; x < 20; x += 2) {
            for (int y = -20; y < 20; y += 2) {
                double[] q = {k * x + k, k * y + 0, k * x + 0, k * y + 0, k * x + 0, k * y + k, k * x + k, k * y + k};
                System.arraycopy(q, 0, g, p, 8);
                p += 8;
            }
        }
        return g;
    }

    static double grassCentreX(int i) { return (GRASS[8 * i] + GRASS[8 * i + 2]) / 2; }

    static double grassCentreY(int i) { return (GRASS[8 * i + 1] + GRASS[8 * i + 5]) / 2; }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
