// SPDX-License-Identifier: MIT
// A bird's-eye picture of a generated track (for people, not for the agent): the playfield's grass,
// the road tiles in their three greys, the red-white kerbs and the start line with the direction of travel.
package org.worldmodels.cli;

import static org.worldmodels.env.CarRacingConstants.GRASS_DIM;
import static org.worldmodels.env.CarRacingConstants.PLAYFIELD;
import static org.worldmodels.env.CarRacingConstants.TRACK_WIDTH;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.Track;
import org.worldmodels.env.TrackGenerator;

/**
 * Paints a {@link Track} seen from above, world +y up, on a square window around the track (a margin
 * of {@link #MARGIN} metres), with a scale bar and a caption.
 */
final class TrackMap {
    private static final Color BACKGROUND = new Color(102, 204, 102), GRASS = new Color(102, 230, 102);
    private static final Color KERB_WHITE = new Color(255, 255, 255), KERB_RED = new Color(255, 0, 0);
    private static final Color CAR_RED = new Color(204, 0, 0);
    /** Grass shown around the track's bounding box, metres. */
    static final double MARGIN = 30;

    private final BufferedImage image;
    private final Graphics2D g;
    /** Pixels per metre, and the window: centre (cx, cy) and half side h, metres. */
    private final double scale, cx, cy, h;

    /**
     * How the track came about, drawn over the map on request: the checkpoints of the successful
     * attempt and its raw walk.
     */
    record Construction(double[][] checkpoints, TrackGenerator.Walk walk) {}

    private TrackMap(Track t, Construction c, int size) {
        image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int v = 0; v < t.tileVertices.length; v += 2) {
            minX = Math.min(minX, t.tileVertices[v]);
            maxX = Math.max(maxX, t.tileVertices[v]);
            minY = Math.min(minY, t.tileVertices[v + 1]);
            maxY = Math.max(maxY, t.tileVertices[v + 1]);
        }
        if (c != null) {   // the window also holds the checkpoints, the whole walk and the origin
            for (double[] cp : c.checkpoints()) {
                minX = Math.min(minX, cp[1]);
                maxX = Math.max(maxX, cp[1]);
                minY = Math.min(minY, cp[2]);
                maxY = Math.max(maxY, cp[2]);
            }
            for (int i = 0; i < c.walk().size(); i++) {
                minX = Math.min(minX, c.walk().x[i]);
                maxX = Math.max(maxX, c.walk().x[i]);
                minY = Math.min(minY, c.walk().y[i]);
                maxY = Math.max(maxY, c.walk().y[i]);
            }
            minX = Math.min(minX, 0);
            maxX = Math.max(maxX, 0);
            minY = Math.min(minY, 0);
            maxY = Math.max(maxY, 0);
        }
        cx = (minX + maxX) / 2;
        cy = (minY + maxY) / 2;
        h = Math.max(maxX - minX, maxY - minY) / 2 + MARGIN;
        scale = size / (2 * h);
    }

    /** The map of {@code track} as a size x size RGB image with a caption; {@code construction} may be null. */
    static BufferedImage paint(Track track, Construction construction, EnvVersion version, String caption, int size) {
        TrackMap m = new TrackMap(track, construction, size);
        m.grass();
        m.road(track, version);
        if (construction != null) m.construction(construction);
        m.start(track);
        m.scaleBar();
        m.caption(caption);
        m.g.dispose();
        return m.image;
    }

    // World metres -> pixels: x to the right, y up (the image's rows grow downwards).
    private double px(double x) { return (x - cx + h) * scale; }

    private double py(double y) { return (cy + h - y) * scale; }

    /** Fills a polygon and strokes its outline in the same colour, so neighbouring tiles leave no seams. */
    private void fill(Color c, double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(px(xy[0]), py(xy[1]));
        for (int v = 2; v < xy.length; v += 2) p.lineTo(px(xy[v]), py(xy[v + 1]));
        p.closePath();
        g.setColor(c);
        g.fill(p);
        g.setStroke(new BasicStroke(0.75f));
        g.draw(p);
    }

    /** The env's grass: the playfield square, then the lighter squares at even grid cells (as the env draws them). */
    private void grass() {
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        fill(BACKGROUND, -PLAYFIELD, -PLAYFIELD, PLAYFIELD, -PLAYFIELD, PLAYFIELD, PLAYFIELD, -PLAYFIELD, PLAYFIELD);
        for (int gx = -20; gx < 20; gx += 2) {
            for (int gy = -20; gy < 20; gy += 2) {
                double x0 = gx * GRASS_DIM, y0 = gy * GRASS_DIM, x1 = x0 + GRASS_DIM, y1 = y0 + GRASS_DIM;
                fill(GRASS, x0, y0, x1, y0, x1, y1, x0, y1);
            }
        }
    }

    /** Tiles and kerbs in the env's draw order; tile i is grey 102 / 104 / 107 (v0: 102 / 105 / 107) by i mod 3. */
    private void road(Track t, EnvVersion version) {
        int[] greys = version == EnvVersion.V0 ? new int[] {102, 105, 107} : new int[] {102, 104, 107};
        int k = 0;
        for (int i = 0; i < t.size(); i++) {
            int grey = greys[i % 3];
            fill(new Color(grey, grey, grey), java.util.Arrays.copyOfRange(t.tileVertices, 8 * i, 8 * i + 8));
            while (k < t.kerbCount() && t.kerbTile[k] == i) {
                fill(t.kerbRed[k] ? KERB_RED : KERB_WHITE, java.util.Arrays.copyOfRange(t.kerbVertices, 8 * k, 8 * k + 8));
                k++;
            }
        }
    }

    /**
     * A chequered line across the road at point 0 (where the car spawns) and an arrow, in the car's
     * red, pointing along the direction of travel (-sin beta, cos beta).
     */
    private void start(Track t) {
        double x = t.x[0], y = t.y[0], b = t.beta[0];
        double nx = Math.cos(b), ny = Math.sin(b);     // across the road
        double fx = -Math.sin(b), fy = Math.cos(b);    // along the road
        int squares = 8;
        double side = 2 * TRACK_WIDTH / squares;
        for (int row = 0; row < 2; row++) {
            for (int s = 0; s < squares; s++) {
                double a0 = -TRACK_WIDTH + s * side, a1 = a0 + side, f0 = row * side, f1 = f0 + side;
                fill((s + row) % 2 == 0 ? Color.WHITE : Color.BLACK,
                        x + a0 * nx + f0 * fx, y + a0 * ny + f0 * fy,
                        x + a1 * nx + f0 * fx, y + a1 * ny + f0 * fy,
                        x + a1 * nx + f1 * fx, y + a1 * ny + f1 * fy,
                        x + a0 * nx + f1 * fx, y + a0 * ny + f1 * fy);
            }
        }
        // Arrow: 20 m long, 12 m wide, starting 6 m past the line.
        double tail = 6, len = 20, half = 6;
        Path2D.Double arrow = new Path2D.Double();
        arrow.moveTo(px(x + (tail + len) * fx), py(y + (tail + len) * fy));
        arrow.lineTo(px(x + tail * fx + half * nx), py(y + tail * fy + half * ny));
        arrow.lineTo(px(x + (tail + 0.3 * len) * fx), py(y + (tail + 0.3 * len) * fy));
        arrow.lineTo(px(x + tail * fx - half * nx), py(y + tail * fy - half * ny));
        arrow.closePath();
        g.setColor(CAR_RED);
        g.fill(arrow);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(arrow);
    }

    /**
     * The construction (spec section 3): rays from the origin to the 12 checkpoints (numbered), the
     * start ray at alpha = -pi/12 (dashed; the kept lap begins where the walk crosses it), and the
     * raw walk of every lap as a thin line.
     */
    private void construction(Construction c) {
        Color ink = new Color(30, 40, 120);
        float unit = Math.max(1f, image.getWidth() / 800f);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(14 * unit)));
        g.setStroke(new BasicStroke(unit, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {2 * unit, 4 * unit}, 0));
        g.setColor(new Color(30, 40, 120, 120));
        for (double[] cp : c.checkpoints()) g.draw(new java.awt.geom.Line2D.Double(px(0), py(0), px(cp[1]), py(cp[2])));
        double far = 1.2 * h;
        g.setColor(new Color(200, 0, 0, 200));
        g.setStroke(new BasicStroke(1.5f * unit, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {8 * unit, 5 * unit}, 0));
        g.draw(new java.awt.geom.Line2D.Double(px(0), py(0),
                px(far * Math.cos(TrackGenerator.START_ALPHA)), py(far * Math.sin(TrackGenerator.START_ALPHA))));

        TrackGenerator.Walk w = c.walk();
        Path2D.Double path = new Path2D.Double();
        path.moveTo(px(w.x[0]), py(w.y[0]));
        for (int i = 1; i < w.size(); i++) path.lineTo(px(w.x[i]), py(w.y[i]));
        g.setColor(new Color(30, 40, 120, 150));
        g.setStroke(new BasicStroke(unit));
        g.draw(path);

        for (int k = 0; k < c.checkpoints().length; k++) {
            double[] cp = c.checkpoints()[k];
            double r = 7 * unit;
            g.setColor(Color.WHITE);
            g.fill(new java.awt.geom.Ellipse2D.Double(px(cp[1]) - r, py(cp[2]) - r, 2 * r, 2 * r));
            g.setColor(ink);
            g.setStroke(new BasicStroke(1.5f * unit));
            g.draw(new java.awt.geom.Ellipse2D.Double(px(cp[1]) - r, py(cp[2]) - r, 2 * r, 2 * r));
            String label = Integer.toString(k);
            int tw = g.getFontMetrics().stringWidth(label);
            g.drawString(label, (float) (px(cp[1]) - tw / 2.0), (float) (py(cp[2]) - r - 3 * unit));
        }
    }

    /** A 50 m bar in the bottom-left corner, in alternating 10 m black and white blocks. */
    private void scaleBar() {
        int size = image.getWidth();
        double x0 = size / 40.0, y0 = size - size / 40.0, block = 10 * scale, height = Math.max(4, size / 150.0);
        for (int b = 0; b < 5; b++) {
            g.setColor(b % 2 == 0 ? Color.BLACK : Color.WHITE);
            g.fill(new java.awt.geom.Rectangle2D.Double(x0 + b * block, y0 - height, block, height));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.draw(new java.awt.geom.Rectangle2D.Double(x0, y0 - height, 5 * block, height));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, size / 60)));
        g.drawString("50 m", (float) (x0 + 5 * block + height), (float) y0);
    }

    private void caption(String text) {
        int size = Math.max(12, image.getWidth() / 40);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        int w = g.getFontMetrics().stringWidth(text), h = g.getFontMetrics().getHeight();
        g.setColor(new Color(0, 0, 0, 140));
        g.fillRoundRect(size / 2, size / 2, w + size, h + size / 2, size / 2, size / 2);
        g.setColor(Color.WHITE);
        g.drawString(text, size, size / 2 + size / 4 + g.getFontMetrics().getAscent());
    }
}
