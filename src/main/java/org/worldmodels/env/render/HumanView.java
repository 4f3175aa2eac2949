// SPDX-License-Identifier: MIT
// The 600x400 view for people (the `play` window and videos): v3's camera, anti-aliased with square
// pixels, the dashboard in a strip at the bottom and a crisp score - not an observation.
package org.worldmodels.env.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.worldmodels.env.CarRacingConstants;
import org.worldmodels.env.RenderScene;

/**
 * Draws with Java2D into a {@link BufferedImage} of {@link CarRacingConstants#VIDEO_W} x
 * {@link CarRacingConstants#VIDEO_H} (TYPE_INT_RGB; {@link #pixels()} is its backing array, 0xRRGGBB
 * row-major). Camera as in v3: turned with the car body, zooming in over the first second, the car at
 * (300, 300) pointing up; 0.6 of the 1000x800 canvas's scale, the same in x and y. The colours are v3's.
 */
public final class HumanView {
    public static final int WIDTH = CarRacingConstants.VIDEO_W, HEIGHT = CarRacingConstants.VIDEO_H;
    /** Pixels per canvas pixel of the reference's 1000-wide canvas. */
    private static final double SCALE = WIDTH / 1000.0;
    private static final double CAR_X = WIDTH / 2.0, CAR_Y = HEIGHT * 0.75;
    /** Dashboard strip (the reference's bottom 5/40), bar unit s across and h up. */
    private static final int DASH_H = HEIGHT * 5 / 40;
    private static final double BAR_S = WIDTH / 40.0, BAR_H = DASH_H / 5.0;

    private static final Color BACKGROUND = new Color(102, 204, 102), GRASS = new Color(102, 230, 102);
    private static final Color[] ROAD = {new Color(102, 102, 102), new Color(104, 104, 104), new Color(107, 107, 107)};
    private static final Color KERB_WHITE = Color.WHITE, KERB_RED = new Color(255, 0, 0);
    private static final Color WHEEL = Color.BLACK, BAND = new Color(77, 77, 77), HULL = new Color(204, 0, 0);
    private static final Color SPEED = Color.WHITE, ABS_FRONT = new Color(0, 0, 255), ABS_REAR = new Color(51, 0, 255),
        STEER = new Color(0, 255, 0), GYRO = new Color(255, 0, 0);

    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D g = image.createGraphics();
    private final Path2D.Double path = new Path2D.Double();
    private final Rectangle2D.Double bar = new Rectangle2D.Double();
    private static final double[] PLAYFIELD = {CarRacingConstants.PLAYFIELD, CarRacingConstants.PLAYFIELD,
        CarRacingConstants.PLAYFIELD, -CarRacingConstants.PLAYFIELD, -CarRacingConstants.PLAYFIELD,
        -CarRacingConstants.PLAYFIELD, -CarRacingConstants.PLAYFIELD, CarRacingConstants.PLAYFIELD};
    private final CarPolygons car = new CarPolygons();
    private final Font font = new Font(Font.SANS_SERIF, Font.BOLD, 26);
    private RoadPolygons road;
    private double camCos, camSin, zoom, camX, camY;

    public HumanView() {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        // a thin outline in the fill colour closes the hairline seams between adjacent anti-aliased tiles
        g.setStroke(new BasicStroke(0.8f));
    }

    public BufferedImage image() { return image; }

    /** The image's pixels, 0xRRGGBB, row-major WIDTH x HEIGHT (live: updated by render). */
    public int[] pixels() {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    public void render(RenderScene scene) {
        if (road == null || road.track != scene.track()) road = new RoadPolygons(scene.track());
        double t = scene.time();
        zoom = SCALE * (0.1 * CarRacingConstants.SCALE * Math.max(1 - t, 0) + CarRacingConstants.ZOOM * CarRacingConstants.SCALE * Math.min(t, 1));
        double angle = -scene.hullAngle();
        camCos = Math.cos(angle);
        camSin = Math.sin(angle);
        camX = scene.hullX();
        camY = scene.hullY();

        g.setColor(Color.BLACK);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        fill(PLAYFIELD, 0, 4, BACKGROUND, false);
        for (int i = 0; i < RoadPolygons.GRASS_COUNT; i++) {
            if (outsideView(RoadPolygons.grassCentreX(i), RoadPolygons.grassCentreY(i), RoadPolygons.GRASS_RADIUS)) continue;
            fill(RoadPolygons.GRASS, 8 * i, 4, GRASS, true);
        }
        RoadPolygons rp = road;
        for (int k = 0; k < rp.count; k++) {
            if (outsideView(rp.centreX[k], rp.centreY[k], rp.radius[k])) continue;
            int ti = rp.tile[k];
            Color c = ti < 0 ? (rp.red[k] ? KERB_RED : KERB_WHITE) : scene.tileTouched(ti) ? ROAD[0] : ROAD[ti % 3];
            fill(rp.quad, 8 * k, 4, c, true);
        }
        car.update(scene);
        for (int w = 0; w < 4; w++) {
            fill(car.wheel[w], WHEEL);
            if (car.hasBand[w]) fill(car.band[w], BAND);
        }
        for (float[] f : car.hull) fill(f, HULL);
        drawDashboard(scene);
    }

    private void drawDashboard(RenderScene scene) {
        g.setColor(Color.BLACK);
        g.fillRect(0, HEIGHT - DASH_H, WIDTH, DASH_H);
        double vx = scene.hullVx(), vy = scene.hullVy();
        verticalBar(5, 0.02 * Math.sqrt(vx * vx + vy * vy), SPEED);
        for (int w = 0; w < 4; w++) verticalBar(7 + w, 0.01 * scene.wheelOmega(w), w < 2 ? ABS_FRONT : ABS_REAR);
        horizontalBar(20, -10.0 * scene.frontLeftJointAngle(), STEER);
        horizontalBar(30, -0.8 * scene.hullAngularVelocity(), GYRO);
        g.setColor(Color.WHITE);
        g.setFont(font);
        g.drawString(ScoreTextV3.text(scene.displayedReward()), 8, HEIGHT - DASH_H / 2 + 10);
    }

    private void verticalBar(int place, double val, Color c) {
        double y0 = HEIGHT - BAR_H, y1 = HEIGHT - (BAR_H + BAR_H * val);
        g.setColor(c);
        bar.setRect(place * BAR_S, Math.min(y0, y1), BAR_S, Math.abs(y1 - y0));
        g.fill(bar);
    }

    private void horizontalBar(int place, double val, Color c) {
        double x0 = place * BAR_S, x1 = (place + val) * BAR_S;
        g.setColor(c);
        bar.setRect(Math.min(x0, x1), HEIGHT - 4 * BAR_H, Math.abs(x1 - x0), 2 * BAR_H);
        g.fill(bar);
    }

    private void fill(float[] v, Color c) {
        path.reset();
        for (int i = 0; i < v.length; i += 2) {
            double x = screenX(v[i], v[i + 1]), y = screenY(v[i], v[i + 1]);
            if (i == 0) path.moveTo(x, y);
            else path.lineTo(x, y);
        }
        path.closePath();
        g.setColor(c);
        g.fill(path);
    }

    private void fill(double[] v, int off, int n, Color c, boolean outline) {
        path.reset();
        for (int i = 0; i < n; i++) {
            double x = screenX(v[off + 2 * i], v[off + 2 * i + 1]), y = screenY(v[off + 2 * i], v[off + 2 * i + 1]);
            if (i == 0) path.moveTo(x, y);
            else path.lineTo(x, y);
        }
        path.closePath();
        g.setColor(c);
        g.fill(path);
        if (outline) g.draw(path);
    }

    /** Screen point of world (x, y): the car at (300, 300), its heading up, y mirrored. */
    double screenX(double x, double y) {
        return CAR_X + zoom * ((x - camX) * camCos - (y - camY) * camSin);
    }

    double screenY(double x, double y) {
        return CAR_Y - zoom * ((x - camX) * camSin + (y - camY) * camCos);
    }

    private boolean outsideView(double x, double y, double r) {
        double sx = screenX(x, y), sy = screenY(x, y), m = (r + 1) * zoom;
        return sx < -m || sx > WIDTH + m || sy < -m || sy > HEIGHT + m;
    }
}
