// SPDX-License-Identifier: MIT
// The 96x96 state pixels of gym's 2018 CarRacing-v0: OpenGL drawing straight into a 96x96 viewport
// (no anti-aliasing, no downsampling), reproduced pixel for pixel (spec carracing-v0.md steps 1-7).
package org.worldmodels.env.render;

import java.util.Arrays;
import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.FrameRenderer;
import org.worldmodels.env.RenderScene;

/**
 * The v0 renderer. The reference drew with OpenGL (Mesa's llvmpipe) into the lower-left 96x96
 * viewport of a 1200x1000 window whose projection is glOrtho(0, 1200, 0, 1000): a window point (X, Y)
 * lands at viewport (0.08 X, 0.096 Y), y up. We repeat GL's float32 vertex arithmetic (modelview
 * translate-rotate-scale composed with the projection into one matrix, then the viewport transform
 * into gallium's y-down framebuffer of height 1000), snap to 1/256 pixel and fill with
 * {@link FixedRaster}. Image row r is framebuffer row 904 + r.
 */
public final class StatePixelsV0 implements FrameRenderer {
    private static final int W = CarRacingConstants.STATE_W, H = CarRacingConstants.STATE_H;
    private static final double WINDOW_W = 1200, WINDOW_H = 1000;
    /** Image rows 84..95 are the dashboard; the world is drawn above it. */
    private static final int DASH_ROW = 84;
    /** Framebuffer row of image row 0: the viewport is the window's bottom 96 rows. */
    private static final int FB_ROW0 = (int) WINDOW_H - H;
    /** Window units of the world layer: X in [0, 1200], Y in [125, 1000] (above the dashboard). */
    private static final double VIEW_Y_MIN = 125;
    /** Dashboard bar units in window units: s = W/40 = 30 across, h = H/40 = 25 up. */
    private static final double BAR_S = WINDOW_W / 40.0, BAR_H = WINDOW_H / 40.0;

    // the palette: colour bytes are round-half-even(float32(c) * 255), GL's float -> unorm8 conversion
    private static final byte BLACK = 0, PLAYFIELD = 1, GRASS = 2, ROAD = 3, WHITE = 6, RED = 7, WHEEL_BAND = 8,
        HULL = 9, BLUE = 10, VIOLET = 11, GREEN = 12;
    private static final byte[] PALETTE = palette(
        0, 0, 0,                              // BLACK: cleared viewport, dashboard, wheels
        0.4, 0.8, 0.4,                        // PLAYFIELD
        0.4, 0.9, 0.4,                        // GRASS
        0.4, 0.4, 0.4,                        // ROAD: touched tiles; untouched tile i is ROAD + i mod 3,
        0.4 + 0.01, 0.4 + 0.01, 0.4 + 0.01,   //   shade 0.4 + 0.01 (i mod 3) as the env computes it
        0.4 + 0.02, 0.4 + 0.02, 0.4 + 0.02,
        1, 1, 1,                              // WHITE: kerbs, speed bar
        1, 0, 0,                              // RED: kerbs, gyro bar
        0.3, 0.3, 0.3,                        // WHEEL_BAND
        0.8, 0, 0,                            // HULL
        0, 0, 1,                              // BLUE: front wheels' spin
        0.2, 0, 1,                            // VIOLET: rear wheels' spin
        0, 1, 0);                             // GREEN: steering
    private static final byte WHEEL = BLACK, KERB_WHITE = WHITE, KERB_RED = RED;

    // projection glOrtho(0, 1200, 0, 1000, -1, 1) as Mesa stores it (float32)
    private static final float P0 = 2.0f / 1200f, P5 = 2.0f / 1000f;
    // viewport transform of the 96x96 viewport into the y-down framebuffer of height 1000
    private static final float VP_SCALE_X = 48f, VP_TRANS_X = 48f, VP_SCALE_Y = -48f, VP_TRANS_Y = (float) (WINDOW_H - 48);

    private final FixedRaster raster = new FixedRaster(W, PALETTE);
    private final CarPolygons car = new CarPolygons();
    private RoadPolygons road;
    /** The camera in float64 (for culling): window = (600, 250) + zoom R(angle) (P - S). */
    private double camCos, camSin, camZoom, camX, camY;
    /** Current model-view-projection rows (x' = m00 x + m01 y + m03, y' = m10 x + m11 y + m13). */
    private float m00, m01, m03, m10, m11, m13;
    private final long[] fx = new long[8], fy = new long[8];

    @Override
    public void render(RenderScene scene, byte[] rgb) {
        if (road == null || road.track != scene.track()) road = new RoadPolygons(scene.track()); // once per track
        // 1. the viewport starts black (seen beyond the playfield while zooming in)
        Arrays.fill(rgb, 0, DASH_ROW * W * 3, (byte) 0);
        // 2.-3. world layer, clipped to the rows above the dashboard (which covers rows 84..95 entirely)
        raster.target(rgb, 0, DASH_ROW - 1);
        setCamera(scene);
        drawWorld(scene);
        // 4. dashboard: the black quad [0,1200] x [0,125] covers image rows 84..95 completely
        Arrays.fill(rgb, DASH_ROW * W * 3, H * W * 3, (byte) 0);
        raster.target(rgb, DASH_ROW, H - 1);
        setWindowUnits();
        drawBars(scene);
        // 5. score label
        ScoreLabelV0.draw(ScoreLabelV0.shownValue(scene.displayedReward()), rgb, W);
    }

    /** The env's camera (float64), then GL's float32 matrices. */
    private void setCamera(RenderScene scene) {
        double t = scene.time();
        double zoom = 0.1 * CarRacingConstants.SCALE * Math.max(1 - t, 0) + CarRacingConstants.ZOOM * CarRacingConstants.SCALE * Math.min(t, 1);
        double sx = scene.hullX(), sy = scene.hullY();
        double angle = -scene.hullAngle();
        double vx = scene.hullVx(), vy = scene.hullVy();
        if (Math.sqrt(vx * vx + vy * vy) > 0.5) angle = Math.atan2(vx, vy); // view follows the motion
        double tx = WINDOW_W / 2 - (sx * zoom * Math.cos(angle) - sy * zoom * Math.sin(angle));
        double ty = WINDOW_H / 4 - (sx * zoom * Math.sin(angle) + sy * zoom * Math.cos(angle));
        // glTranslatef(tx, ty); glRotatef(deg, 0, 0, 1); glScalef(zoom, zoom): Mesa's float32 matrices
        camCos = Math.cos(angle);
        camSin = Math.sin(angle);
        camZoom = zoom;
        camX = sx;
        camY = sy;
        float deg = (float) (angle * 57.29577951308232);
        float s = (float) Math.sin(deg * Math.PI / 180.0), c = (float) Math.cos(deg * Math.PI / 180.0);
        float zf = (float) zoom;
        float mv0 = c * zf, mv1 = s * zf, mv4 = -s * zf, mv5 = c * zf;
        // MVP = projection * modelview
        m00 = P0 * mv0;
        m01 = P0 * mv4;
        m03 = P0 * (float) tx + -1f;
        m10 = P5 * mv1;
        m11 = P5 * mv5;
        m13 = P5 * (float) ty + -1f;
    }

    /** Identity modelview: vertices in window units go through the projection only. */
    private void setWindowUnits() {
        m00 = P0; m01 = 0; m03 = -1f;
        m10 = 0; m11 = P5; m13 = -1f;
    }

    private void drawWorld(RenderScene scene) {
        float pf = (float) CarRacingConstants.PLAYFIELD;
        quad(-pf, +pf, +pf, +pf, +pf, -pf, -pf, -pf, PLAYFIELD);
        float[] g = RoadPolygons.GRASS_F;
        for (int i = 0; i < RoadPolygons.GRASS_COUNT; i++) {
            if (outsideView(RoadPolygons.grassCentreX(i), RoadPolygons.grassCentreY(i), RoadPolygons.GRASS_RADIUS)) continue;
            int o = 8 * i;
            quad(g[o], g[o + 1], g[o + 2], g[o + 3], g[o + 4], g[o + 5], g[o + 6], g[o + 7], GRASS);
        }
        RoadPolygons rp = road;
        float[] q = rp.quadF;
        for (int k = 0; k < rp.count; k++) {
            if (outsideView(rp.centreX[k], rp.centreY[k], rp.radius[k])) continue;
            int ti = rp.tile[k];
            byte colour = ti < 0 ? (rp.red[k] ? KERB_RED : KERB_WHITE) : scene.tileTouched(ti) ? ROAD : (byte) (ROAD + ti % 3);
            int o = 8 * k;
            quad(q[o], q[o + 1], q[o + 2], q[o + 3], q[o + 4], q[o + 5], q[o + 6], q[o + 7], colour);
        }
        car.update(scene);
        for (int w = 0; w < 4; w++) {
            polygon(car.wheel[w], WHEEL);
            if (car.hasBand[w]) polygon(car.band[w], WHEEL_BAND);
        }
        for (float[] f : car.hull) polygon(f, HULL);
    }

    /** Culling (GL clips instead; same pixels): a circle (x, y, r) entirely outside the world layer's window area. */
    private boolean outsideView(double x, double y, double r) {
        double dx = x - camX, dy = y - camY, m = (r + 1) * camZoom;
        double wx = WINDOW_W / 2 + camZoom * (dx * camCos - dy * camSin);
        double wy = WINDOW_H / 4 + camZoom * (dx * camSin + dy * camCos);
        return wx < -m || wx > WINDOW_W + m || wy < VIEW_Y_MIN - m || wy > WINDOW_H + m;
    }

    /** The dashboard bars (window units: s = 30, h = 25), drawn even when zero-length as v0 did. */
    private void drawBars(RenderScene scene) {
        double vx = scene.hullVx(), vy = scene.hullVy();
        double trueSpeed = Math.sqrt(vx * vx + vy * vy);
        verticalBar(5, 0.02 * trueSpeed, WHITE);
        verticalBar(7, 0.01 * scene.wheelOmega(0), BLUE); // ABS sensors
        verticalBar(8, 0.01 * scene.wheelOmega(1), BLUE);
        verticalBar(9, 0.01 * scene.wheelOmega(2), VIOLET);
        verticalBar(10, 0.01 * scene.wheelOmega(3), VIOLET);
        horizontalBar(20, -10.0 * scene.frontLeftJointAngle(), GREEN);
        horizontalBar(30, -0.8 * scene.hullAngularVelocity(), RED);
    }

    private void verticalBar(int place, double val, byte colour) {
        float x0 = (float) ((place + 0) * BAR_S), x1 = (float) ((place + 1) * BAR_S);
        float yTop = (float) (BAR_H + BAR_H * val), yBase = (float) BAR_H;
        quad(x0, yTop, x1, yTop, x1, yBase, x0, yBase, colour);
    }

    private void horizontalBar(int place, double val, byte colour) {
        float x0 = (float) ((place + 0) * BAR_S), x1 = (float) ((place + val) * BAR_S);
        float y4 = (float) (4 * BAR_H), y2 = (float) (2 * BAR_H);
        quad(x0, y4, x1, y4, x1, y2, x0, y2, colour);
    }

    /**
     * GL_QUADS: Mesa splits v0 v1 v2 v3 into (v0, v1, v3) and (v1, v2, v3) (the last vertex provokes);
     * a convex quad covers the same pixels filled whole, which is faster.
     */
    private void quad(float x0, float y0, float x1, float y1, float x2, float y2, float x3, float y3, byte colour) {
        project(0, x0, y0);
        project(1, x1, y1);
        project(2, x2, y2);
        project(3, x3, y3);
        if (raster.convexPolygon(fx, fy, 4, colour)) return;
        raster.triangle(fx[0], fy[0], fx[1], fy[1], fx[3], fy[3], colour);
        raster.triangle(fx[1], fy[1], fx[2], fy[2], fx[3], fy[3], colour);
    }

    /** A Box2D polygon (GL_QUADS for 4 vertices, else GL_POLYGON: a fan around vertex 0). */
    private void polygon(float[] v, byte colour) {
        int n = v.length / 2;
        if (n == 4) {
            quad(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], colour);
            return;
        }
        for (int i = 0; i < n; i++) project(i, v[2 * i], v[2 * i + 1]);
        if (raster.convexPolygon(fx, fy, n, colour)) return;
        for (int i = 1; i + 1 < n; i++) {
            raster.triangle(fx[i], fy[i], fx[i + 1], fy[i + 1], fx[0], fy[0], colour);
        }
    }

    /**
     * Vertex i: clip = MVP (x, y, 0, 1) (float32, column by column as the fixed-function shader does),
     * viewport transform, then snapping (x - 0.5) * 256 to an integer so pixel centres are at multiples
     * of 256; rows are shifted from the framebuffer's to the image's.
     */
    private void project(int i, float x, float y) {
        float xc = (m00 * x + m01 * y) + m03;
        float yc = (m10 * x + m11 * y) + m13;
        float xw = xc * VP_SCALE_X + VP_TRANS_X;
        float yw = yc * VP_SCALE_Y + VP_TRANS_Y;
        fx[i] = (long) Math.rint((xw - 0.5f) * FixedRaster.ONE);
        fy[i] = (long) Math.rint((yw - 0.5f) * FixedRaster.ONE) - (long) FB_ROW0 * FixedRaster.ONE;
    }

    private static byte[] palette(double... rgb) {
        byte[] p = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) p[i] = glByte(rgb[i]);
        return p;
    }

    /** GL's float -> unorm8 colour conversion: round-half-even(float32(c) * 255). */
    static byte glByte(double c) {
        return (byte) (int) Math.rint((float) c * 255f);
    }
}
