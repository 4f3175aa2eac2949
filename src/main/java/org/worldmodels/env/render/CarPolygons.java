// SPDX-License-Identifier: MIT
// The car's polygons in world coordinates for one frame: wheel boxes, their grey rolling bands, the
// hull's four fixtures - computed the way Box2D moves its stored vertices (float32 transform).
package org.worldmodels.env.render;

import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.RenderScene;

/**
 * Per frame, {@link #update} fills world-space vertices (x0,y0,x1,y1,...) for: wheel w's box
 * ({@link #wheel}[w], 4 vertices), its grey band ({@link #band}[w], 4 vertices, valid when
 * {@link #hasBand}[w]) and hull fixture f ({@link #hull}[f], 4, 4, 8, 4 vertices). Draw order is
 * wheels FL, FR, RL, RR (box, then band) and then the hull fixtures (car_dynamics.draw).
 *
 * <p>Box2D keeps local vertices and the body transform in float32 and maps v to
 * (c v.x - s v.y + p.x, s v.x + c v.y + p.y) with c = cosf(angle), s = sinf(angle); we repeat that
 * arithmetic in float so the vertices equal what the reference handed to its renderer.
 */
public final class CarPolygons {
    private static final double SIZE = CarRacingConstants.SIZE;
    /** Local wheel box and hull vertices as Box2D stores them (float32 of units * SIZE). */
    private static final float[] WHEEL_LOCAL = localVertices(CarRacingConstants.WHEEL_POLY);
    private static final float[][] HULL_LOCAL = new float[CarRacingConstants.HULL_POLY.length][];

    static {
        for (int f = 0; f < HULL_LOCAL.length; f++) HULL_LOCAL[f] = localVertices(CarRacingConstants.HULL_POLY[f]);
    }

    public final float[][] wheel = new float[4][8];
    public final float[][] band = new float[4][8];
    public final boolean[] hasBand = new boolean[4];
    public final float[][] hull = new float[HULL_LOCAL.length][];
    private final float[] bandLocal = new float[8];

    public CarPolygons() {
        for (int f = 0; f < hull.length; f++) hull[f] = new float[HULL_LOCAL[f].length];
    }

    /** Recomputes every polygon from the scene's body poses. */
    public void update(RenderScene scene) {
        for (int w = 0; w < 4; w++) {
            float px = (float) scene.wheelX(w), py = (float) scene.wheelY(w), angle = (float) scene.wheelAngle(w);
            transform(WHEEL_LOCAL, px, py, angle, wheel[w]);
            hasBand[w] = bandLocal(scene.wheelPhase(w), bandLocal);
            if (hasBand[w]) transform(bandLocal, px, py, angle, band[w]);
        }
        float px = (float) scene.hullX(), py = (float) scene.hullY(), angle = (float) scene.hullAngle();
        for (int f = 0; f < hull.length; f++) transform(HULL_LOCAL[f], px, py, angle, hull[f]);
    }

    /**
     * The grey band of a rolling wheel: local y from R cos(phase) to R cos(phase + 1.2) across the full
     * width; not drawn when both sines are positive (that part of the tyre faces away), and an end
     * whose sine is positive is clamped to the wheel's end (sign of its cosine). Returns false if absent.
     */
    private static boolean bandLocal(double phase, float[] out) {
        double a1 = phase, a2 = phase + 1.2;
        double s1 = Math.sin(a1), s2 = Math.sin(a2);
        double c1 = Math.cos(a1), c2 = Math.cos(a2);
        if (s1 > 0 && s2 > 0) return false;
        if (s1 > 0) c1 = Math.signum(c1);
        if (s2 > 0) c2 = Math.signum(c2);
        double wx = CarRacingConstants.WHEEL_W * SIZE, r = CarRacingConstants.WHEEL_R;
        float y1 = (float) (r * c1 * SIZE), y2 = (float) (r * c2 * SIZE);
        out[0] = (float) -wx; out[1] = y1;
        out[2] = (float) +wx; out[3] = y1;
        out[4] = (float) +wx; out[5] = y2;
        out[6] = (float) -wx; out[7] = y2;
        return true;
    }

    /** out = q(angle) v + p for every vertex, in float32 like b2Mul(b2Transform, b2Vec2). */
    private static void transform(float[] local, float px, float py, float angle, float[] out) {
        float c = (float) Math.cos(angle), s = (float) Math.sin(angle);
        for (int i = 0; i < local.length; i += 2) {
            float vx = local[i], vy = local[i + 1];
            out[i] = (c * vx - s * vy) + px;
            out[i + 1] = (s * vx + c * vy) + py;
        }
    }

    private static float[] localVertices(double[][] units) {
        float[] v = new float[2 * units.length];
        for (int i = 0; i < units.length; i++) {
            v[2 * i] = (float) (units[i][0] * SIZE);
            v[2 * i + 1] = (float) (units[i][1] * SIZE);
        }
        return v;
    }
}
