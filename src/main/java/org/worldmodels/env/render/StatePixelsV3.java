// SPDX-License-Identifier: MIT
// The 96x96 state pixels of Gymnasium's CarRacing-v3: an anti-aliased 1000x800 canvas box-filtered
// down to 96x96 (spec carracing.md section 6) - estimated directly at 96x96 from 8x3 samples per pixel.
package org.worldmodels.env.render;

import java.util.Arrays;
import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.FrameRenderer;
import org.worldmodels.env.RenderScene;

/**
 * The v3 renderer. The reference draws the world on a 1000x800 pygame canvas (camera turned with the
 * car body, car at (500, 600) after the vertical flip), the dashboard and the score on top, then
 * smoothscales to 96x96: each output pixel is the area average of a 10.42 x 8.33 canvas footprint.
 * Instead of the canvas we take R x S = 8 x 3 point samples per output pixel, with every polygon
 * grown by the half pixel that pygame's inclusive fills and anti-aliased outlines add, average them,
 * and apply {@link Smoothscale}'s truncation. The dashboard is axis-aligned, so its coverage is
 * computed exactly. Not pixel-exact (the spec asks for a tolerance): mean absolute error below 0.5 level.
 */
public final class StatePixelsV3 implements FrameRenderer {
    private static final int W = CarRacingConstants.STATE_W, H = CarRacingConstants.STATE_H;
    private static final double CANVAS_W = 1000, CANVAS_H = 800;
    /** Output rows 0..83 show the world (canvas y < 700); 84..95 the dashboard. */
    private static final int WORLD_ROWS = 84;
    /** Samples per output pixel: across (one long of 8 bytes per pixel row), down. */
    private static final int R = 8, S = 3;
    /** Growth of polygons drawn with gfxdraw (inclusive span + anti-aliased outline), canvas pixels. */
    static final double ROAD_DILATE = 0.5;
    /** Growth of polygons drawn with pygame.draw.polygon (inclusive integer spans). */
    static final double CAR_DILATE = 0.5;
    /** One output pixel's footprint on the canvas: 10.42 x 8.33 canvas pixels. */
    private static final double PX_W = CANVAS_W / W, PX_H = CANVAS_H / H;

    // palette (0..255 colours as Gymnasium holds them)
    private static final byte BLACK = 0, BACKGROUND = 1, GRASS = 2, ROAD = 3, WHITE = 6, RED = 7, BAND = 8, HULL = 9;
    private static final int[] PALETTE = {
        0, 0, 0, 102, 204, 102, 102, 230, 102,
        102, 102, 102, 104, 104, 104, 107, 107, 107, // road: int(102 + 0.01 (i mod 3) 255)
        255, 255, 255, 255, 0, 0, 77, 77, 77, 204, 0, 0};
    /** Per palette colour: its flat-area output bytes, and its channels packed 21 bits apart for summing. */
    private static final byte[] FLAT_RGB = new byte[PALETTE.length];
    private static final long[] PACKED = new long[PALETTE.length / 3];

    static {
        for (int c = 0; c < PACKED.length; c++) {
            for (int k = 0; k < 3; k++) FLAT_RGB[3 * c + k] = (byte) Smoothscale.flat(PALETTE[3 * c + k]);
            PACKED[c] = PALETTE[3 * c] | (long) PALETTE[3 * c + 1] << 21 | (long) PALETTE[3 * c + 2] << 42;
        }
    }

    private static final long BYTE_REPEAT = SampleRaster.BYTE_REPEAT;
    private static final double PF = CarRacingConstants.PLAYFIELD;
    /** The playfield square as Gymnasium lists it. */
    private static final double[] PLAYFIELD_QUAD = {PF, PF, PF, -PF, -PF, -PF, -PF, PF};

    private final SampleRaster raster = new SampleRaster(W * R, WORLD_ROWS * S, CANVAS_W, WORLD_ROWS * PX_H);
    private final CarPolygons car = new CarPolygons();
    private final ScoreTextV3 score = new ScoreTextV3();
    private RoadPolygons road;
    private final double[] xs = new double[8], ys = new double[8];
    /** Dashboard accumulation: mean colour and whether a single colour fills the footprint. */
    private final double[] dash = new double[(H - WORLD_ROWS) * W * 3];
    private final boolean[] dashMixed = new boolean[(H - WORLD_ROWS) * W];
    private double camCos, camSin, zoom, camX, camY;

    @Override
    public void render(RenderScene scene, byte[] rgb) {
        if (road == null || road.track != scene.track()) road = new RoadPolygons(scene.track()); // once per track
        setCamera(scene);
        drawWorld(scene);
        reduceWorld(rgb);
        drawDashboard(scene, rgb);
    }

    /** Camera: angle = -hull angle, zoom animated over the first second, car at canvas (500, 600). */
    private void setCamera(RenderScene scene) {
        double t = scene.time();
        zoom = 0.1 * CarRacingConstants.SCALE * Math.max(1 - t, 0) + CarRacingConstants.ZOOM * CarRacingConstants.SCALE * Math.min(t, 1);
        double angle = -scene.hullAngle();
        camCos = Math.cos(angle);
        camSin = Math.sin(angle);
        camX = scene.hullX();
        camY = scene.hullY();
    }

    /** Canvas point of world (x, y), after the vertical flip: (500, 800 - 200) + zoom (R(a)(P - S)) with y mirrored. */
    private double canvasX(double x, double y) {
        return CANVAS_W / 2 + zoom * ((x - camX) * camCos - (y - camY) * camSin);
    }

    private double canvasY(double x, double y) {
        return CANVAS_H - CANVAS_H / 4 - zoom * ((x - camX) * camSin + (y - camY) * camCos);
    }

    private void drawWorld(RenderScene scene) {
        if (viewInsidePlayfield()) {
            raster.clear(BACKGROUND); // the usual case: the playfield square covers the whole view
        } else {
            raster.clear(BLACK);
            quad(PLAYFIELD_QUAD, 0, ROAD_DILATE, BACKGROUND);
        }
        double[] g = RoadPolygons.GRASS;
        for (int i = 0; i < RoadPolygons.GRASS_COUNT; i++) {
            if (outsideView(RoadPolygons.grassCentreX(i), RoadPolygons.grassCentreY(i), RoadPolygons.GRASS_RADIUS)) continue;
            quad(g, 8 * i, ROAD_DILATE, GRASS);
        }
        RoadPolygons rp = road;
        for (int k = 0; k < rp.count; k++) {
            if (outsideView(rp.centreX[k], rp.centreY[k], rp.radius[k])) continue;
            int ti = rp.tile[k];
            byte colour = ti < 0 ? (rp.red[k] ? RED : WHITE) : scene.tileTouched(ti) ? ROAD : (byte) (ROAD + ti % 3);
            quad(rp.quad, 8 * k, ROAD_DILATE, colour);
        }
        car.update(scene);
        for (int w = 0; w < 4; w++) {
            polygon(car.wheel[w], CAR_DILATE, BLACK);
            if (car.hasBand[w]) polygon(car.band[w], CAR_DILATE, BAND);
        }
        for (float[] f : car.hull) polygon(f, CAR_DILATE, HULL);
    }

    private void quad(double[] v, int off, double dilate, byte colour) {
        for (int i = 0; i < 4; i++) {
            double x = v[off + 2 * i], y = v[off + 2 * i + 1];
            xs[i] = canvasX(x, y);
            ys[i] = canvasY(x, y);
        }
        raster.fillConvex(xs, ys, 4, dilate, colour);
    }

    private void polygon(float[] v, double dilate, byte colour) {
        int n = v.length / 2;
        for (int i = 0; i < n; i++) {
            xs[i] = canvasX(v[2 * i], v[2 * i + 1]);
            ys[i] = canvasY(v[2 * i], v[2 * i + 1]);
        }
        raster.fillConvex(xs, ys, n, dilate, colour);
    }

    /** True when the four corners of the world part of the canvas map inside the playfield square. */
    private boolean viewInsidePlayfield() {
        double w = CANVAS_W, h = WORLD_ROWS * PX_H;
        return insidePlayfield(0, 0) && insidePlayfield(w, 0) && insidePlayfield(0, h) && insidePlayfield(w, h);
    }

    /** Inverse camera: canvas (cx, cy) -> world, tested against the square +-PLAYFIELD. */
    private boolean insidePlayfield(double cx, double cy) {
        double u = (cx - CANVAS_W / 2) / zoom, v = (CANVAS_H - CANVAS_H / 4 - cy) / zoom; // u = R(a) d
        double x = camX + u * camCos + v * camSin, y = camY - u * camSin + v * camCos;   // d = R(-a) (u, v)
        return Math.abs(x) < PF - 1 && Math.abs(y) < PF - 1;
    }

    /** A circle (x, y, r) in metres wholly outside the world part of the canvas. */
    private boolean outsideView(double x, double y, double r) {
        double cx = canvasX(x, y), cy = canvasY(x, y), m = (r + 1) * zoom;
        return cx < -m || cx > CANVAS_W + m || cy < -m || cy > WORLD_ROWS * PX_H + m;
    }

    /** Each output pixel averages its R x S samples; flat blocks (one colour) take a fast path. */
    private void reduceWorld(byte[] rgb) {
        long[] cells = raster.cells; // one long = one pixel's R = 8 samples of one sample row
        int stride = raster.cellsPerRow;
        long mask = (1L << 21) - 1;
        for (int j = 0; j < WORLD_ROWS; j++) {
            for (int i = 0; i < W; i++) {
                int base = j * S * stride + i, p = 3 * (j * W + i);
                long first = cells[base], diff = first ^ (first & 0xff) * BYTE_REPEAT;
                for (int k = 1; k < S; k++) diff |= cells[base + k * stride] ^ first;
                if (diff == 0) { // flat: all samples have first's colour
                    int c = 3 * (int) (first & 0xff);
                    rgb[p] = FLAT_RGB[c];
                    rgb[p + 1] = FLAT_RGB[c + 1];
                    rgb[p + 2] = FLAT_RGB[c + 2];
                    continue;
                }
                long sum = 0; // three channel sums, 21 bits apart (at most R S 255 each)
                for (int k = 0; k < S; k++) {
                    long eight = cells[base + k * stride];
                    if (eight == (eight & 0xff) * BYTE_REPEAT) {
                        sum += R * PACKED[(int) (eight & 0xff)];
                    } else {
                        for (int m = 0; m < R; m++) sum += PACKED[(int) (eight >>> 8 * m) & 0xff];
                    }
                }
                double n = R * S;
                rgb[p] = (byte) Smoothscale.mixed((sum & mask) / n);
                rgb[p + 1] = (byte) Smoothscale.mixed((sum >>> 21 & mask) / n);
                rgb[p + 2] = (byte) Smoothscale.mixed((sum >>> 42 & mask) / n);
            }
        }
    }

    // ---- dashboard: canvas rows 700..800 (output rows 84..95), black with bars, s = 25, h = 20 ----

    private void drawDashboard(RenderScene scene, byte[] rgb) {
        Arrays.fill(dash, 0);
        Arrays.fill(dashMixed, false);
        double vx = scene.hullVx(), vy = scene.hullVy();
        double trueSpeed = Math.sqrt(vx * vx + vy * vy);
        if (Math.abs(trueSpeed) > 1e-4) verticalBar(5, 0.02 * trueSpeed, 255, 255, 255);
        for (int w = 0; w < 4; w++) {
            double omega = scene.wheelOmega(w);
            if (Math.abs(omega) > 1e-4) verticalBar(7 + w, 0.01 * omega, w < 2 ? 0 : 51, 0, 255); // ABS sensors
        }
        double joint = scene.frontLeftJointAngle(), gyro = scene.hullAngularVelocity();
        if (Math.abs(joint) > 1e-4) horizontalBar(20, -10.0 * joint, 0, 255, 0);
        if (Math.abs(gyro) > 1e-4) horizontalBar(30, -0.8 * gyro, 255, 0, 0);
        for (int j = WORLD_ROWS; j < H; j++) {
            for (int i = 0; i < W; i++) {
                int d = (j - WORLD_ROWS) * W + i, p = 3 * (j * W + i);
                for (int c = 0; c < 3; c++) {
                    double v = dash[3 * d + c];
                    rgb[p + c] = (byte) (dashMixed[d] ? Smoothscale.mixed(v) : Smoothscale.flat((int) Math.round(v)));
                }
            }
        }
        byte[] label = score.patch(scene.displayedReward());
        for (int r = 0; r < ScoreTextV3.ROWS; r++) {
            for (int c = 0; c < ScoreTextV3.COLS; c++) {
                int p = 3 * ((ScoreTextV3.ROW0 + r) * W + c);
                rgb[p] = rgb[p + 1] = rgb[p + 2] = label[r * ScoreTextV3.COLS + c];
            }
        }
    }

    /** pygame.draw.polygon of [k s, (k+1) s] x [H - h - h v, H - h]: integer spans, both ends inclusive. */
    private void verticalBar(int place, double val, int r, int g, int b) {
        double top = CANVAS_H - (20 + 20 * val), bottom = CANVAS_H - 20;
        rectangle(place * 25, (place + 1) * 25 + 1, Math.min(top, bottom), Math.max(top, bottom) + 1, r, g, b);
    }

    private void horizontalBar(int place, double val, int r, int g, int b) {
        double x0 = place * 25, x1 = (place + val) * 25;
        rectangle(Math.min(x0, x1), Math.max(x0, x1) + 1, CANVAS_H - 80, CANVAS_H - 40 + 1, r, g, b);
    }

    /** Adds the exact coverage of the canvas rectangle [x0, x1) x [y0, y1) in colour (r, g, b) over black. */
    private void rectangle(double x0, double x1, double y0, double y1, int r, int g, int b) {
        x0 = Math.floor(x0);
        y0 = Math.floor(y0); // pygame truncates the vertices to whole pixels
        int i0 = (int) Math.max(0, Math.floor(x0 / PX_W)), i1 = (int) Math.min(W - 1, Math.floor((x1 - 1e-9) / PX_W));
        int j0 = (int) Math.max(WORLD_ROWS, Math.floor(y0 / PX_H)), j1 = (int) Math.min(H - 1, Math.floor((y1 - 1e-9) / PX_H));
        for (int j = j0; j <= j1; j++) {
            double fy = (Math.min(y1, (j + 1) * PX_H) - Math.max(y0, j * PX_H)) / PX_H;
            for (int i = i0; i <= i1; i++) {
                double fx = (Math.min(x1, (i + 1) * PX_W) - Math.max(x0, i * PX_W)) / PX_W;
                double f = fx * fy;
                if (f <= 0) continue;
                int d = (j - WORLD_ROWS) * W + i;
                dash[3 * d] += f * r;
                dash[3 * d + 1] += f * g;
                dash[3 * d + 2] += f * b;
                if (f < 1 - 1e-9) dashMixed[d] = true;
            }
        }
    }
}
