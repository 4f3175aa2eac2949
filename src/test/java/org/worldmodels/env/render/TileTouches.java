// SPDX-License-Identifier: MIT
// Reconstructs which road tiles have been touched by a recorded trajectory (the recordings store only
// the count of visited tiles), by replaying Box2D's sensor-overlap test on the recorded body poses.
package org.worldmodels.env.render;

import org.worldmodels.env.RenderScene;
import org.worldmodels.env.Track;

/**
 * Box2D reports a sensor contact at the start of a world step when the two polygons overlap (within
 * their skins, 2 x 0.01 m), using the poses left by the previous step. So the tiles shown touched in
 * the frame after step k are those touched during reset plus those overlapped by a wheel or a hull
 * fixture at the poses after reset and after steps 0..k-1. Any body recolours a tile; only wheels
 * count it as visited, which gives a check against the recorded count.
 */
final class TileTouches {
    /** Two Box2D polygon radii (b2_polygonRadius = 2 * linearSlop = 0.01 m each). */
    static final double SKIN = 0.02;

    final boolean[] touched, visited;
    private final Track track;
    private final CarPolygons car = new CarPolygons();

    TileTouches(Track track, boolean[] touchedAtReset) {
        this.track = track;
        touched = touchedAtReset.clone();
        visited = new boolean[track.size()];
        // the reset touched the start tiles with the wheels (they are counted as visited)
        for (int i = 0; i < visited.length; i++) visited[i] = touchedAtReset[i];
    }

    /** Adds the overlaps at the scene's current poses. */
    void collide(RenderScene scene) {
        car.update(scene);
        for (int i = 0; i < track.size(); i++) {
            for (int w = 0; w < 4; w++) {
                if (overlap(car.wheel[w], track.tileVertices, 8 * i)) {
                    touched[i] = true;
                    visited[i] = true;
                }
            }
            for (float[] f : car.hull) {
                if (overlap(f, track.tileVertices, 8 * i)) touched[i] = true;
            }
        }
    }

    int visitedCount() {
        int n = 0;
        for (boolean v : visited) if (v) n++;
        return n;
    }

    private final double[] a = new double[16], b = new double[8];

    /** Separating-axis test of a convex car polygon and a tile quad, allowing a gap up to SKIN. */
    private boolean overlap(float[] poly, double[] quads, int off) {
        double dx = poly[0] - quads[off], dy = poly[1] - quads[off + 1];
        if (dx * dx + dy * dy > 30 * 30) return false; // far apart: tiles and car parts are < 10 m across
        int na = poly.length / 2;
        for (int i = 0; i < poly.length; i++) a[i] = poly[i];
        System.arraycopy(quads, off, b, 0, 8);
        return !separatedByEdgeOf(a, na, b, 4) && !separatedByEdgeOf(b, 4, a, na);
    }

    /** True if some edge normal of p puts a gap larger than SKIN between the projections of p and q. */
    private static boolean separatedByEdgeOf(double[] p, int np, double[] q, int nq) {
        for (int i = 0; i < np; i++) {
            int j = (i + 1) % np;
            double nx = p[2 * i + 1] - p[2 * j + 1], ny = p[2 * j] - p[2 * i], len = Math.hypot(nx, ny);
            if (len == 0) continue;
            double minP = Double.MAX_VALUE, maxP = -Double.MAX_VALUE, minQ = Double.MAX_VALUE, maxQ = -Double.MAX_VALUE;
            for (int k = 0; k < np; k++) {
                double d = (p[2 * k] * nx + p[2 * k + 1] * ny) / len;
                minP = Math.min(minP, d);
                maxP = Math.max(maxP, d);
            }
            for (int k = 0; k < nq; k++) {
                double d = (q[2 * k] * nx + q[2 * k + 1] * ny) / len;
                minQ = Math.min(minQ, d);
                maxQ = Math.max(maxQ, d);
            }
            if (Math.max(minP - maxQ, minQ - maxP) > SKIN) return true;
        }
        return false;
    }
}
