// SPDX-License-Identifier: MIT
// The v3 score label in the 96x96 frame: "{:04.0f}" of the reward in a bold sans font of 42 pixels,
// white on black, centred at canvas (60, 750), then box-filtered like the rest of the canvas.
package org.worldmodels.env.render;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.HashMap;
import java.util.Map;

/**
 * Gymnasium uses pygame's default font, FreeSans Bold, which is not available here; we draw the
 * closest sans bold Java has (DejaVu Sans Bold) squeezed to FreeSans Bold's digit advance
 * (0.556 em against 0.696 em). The label covers frame rows 84..95, cols 0..11 (the first bar starts
 * at canvas x = 125, col 12). Patches are cached per text, so only a new text costs a drawing.
 */
final class ScoreTextV3 {
    static final int ROWS = 12, COLS = 12, ROW0 = 84;
    private static final int CANVAS_W = 125, CANVAS_H = 100; // canvas x 0..125, y 700..800
    private static final double FONT_PX = 42, SQUEEZE = 0.556 / 0.696;
    private static final double CENTRE_X = 60, CENTRE_Y = 750 - 700;
    /**
     * Canvas pixels from the label's centre line up to the digits' middle (FreeSans Bold's ascent
     * exceeds its descent). Fitted on the label patches: 0.5 / 1.5 / 2.5 give mean abs error sums of
     * 755 / 537 / 626 over the 144 patch pixels.
     */
    private static final double GLYPH_RAISE = 1.5;
    private static final double PX_W = 1000.0 / 96, PX_H = 800.0 / 96;

    private final Map<String, byte[]> cache = new HashMap<>();
    /** Patches by the number shown (no string per frame): index KEY_OFFSET + key, see {@link #patch(double)}. */
    private static final int KEY_OFFSET = 1001, KEY_MAX = 10000;
    private final byte[][] byKey = new byte[KEY_OFFSET + KEY_MAX + 1][];

    /** The patch of the label showing {@code reward}. */
    byte[] patch(double reward) {
        double r = Math.rint(reward);
        boolean negative = reward < 0 || (reward == 0 && 1 / reward < 0);
        long key = negative ? ~(long) Math.abs(r) : (long) r; // "-000" (key -1) and "0000" (key 0) differ
        if (key < -KEY_OFFSET || key > KEY_MAX) return patch(text(reward)); // beyond any real episode
        int k = (int) key + KEY_OFFSET;
        if (byKey[k] == null) byKey[k] = patch(text(reward));
        return byKey[k];
    }

    /** Python's "{:04.0f}".format(r): round half to even, zero-padded to 4 characters incl. the sign. */
    static String text(double reward) {
        double r = Math.rint(reward);
        boolean negative = reward < 0 || (reward == 0 && 1 / reward < 0);
        String digits = Long.toString((long) Math.abs(r));
        String sign = negative ? "-" : "";
        int pad = 4 - sign.length() - digits.length();
        return sign + "0".repeat(Math.max(0, pad)) + digits;
    }

    /** The label's grey levels, ROWS x COLS, after the box filter. */
    byte[] patch(String text) {
        return cache.computeIfAbsent(text, ScoreTextV3::draw);
    }

    private static byte[] draw(String text) {
        BufferedImage img = new BufferedImage(CANVAS_W, CANVAS_H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont((float) FONT_PX)
            .deriveFont(AffineTransform.getScaleInstance(SQUEEZE, 1));
        FontRenderContext frc = g.getFontRenderContext();
        GlyphVector gv = font.createGlyphVector(frc, text);
        double advance = gv.getLogicalBounds().getWidth();
        // pygame centres the text surface (advance wide, line-height tall); for digits that puts the
        // glyphs' vertical middle GLYPH_RAISE above the centre line
        Rectangle2D ink = font.createGlyphVector(frc, "0").getVisualBounds();
        double baseline = CENTRE_Y - GLYPH_RAISE - (ink.getMinY() + ink.getMaxY()) / 2;
        g.setColor(java.awt.Color.WHITE);
        g.drawGlyphVector(gv, (float) (CENTRE_X - advance / 2), (float) baseline);
        g.dispose();
        byte[] grey = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] patch = new byte[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                double y0 = (ROW0 + r) * PX_H - 700, x0 = c * PX_W;
                double mean = Smoothscale.boxAverage(grey, CANVAS_W, CANVAS_H, x0, x0 + PX_W, y0, y0 + PX_H);
                patch[r * COLS + c] = (byte) Smoothscale.mixed(mean);
            }
        }
        return patch;
    }
}
