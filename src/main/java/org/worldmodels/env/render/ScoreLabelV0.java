// SPDX-License-Identifier: MIT
// The v0 score label as it appears in the 96x96 frame: a measured table of grey patches per text,
// because pyglet's alpha-blended, linearly filtered glyph textures squeezed to 3 pixels tall
// cannot be rederived from first principles.
package org.worldmodels.env.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The resource {@code score_label_v0.bin} holds, for each label text, the 3x9 grey levels of rows
 * 89..91, cols 2..10 of the frame (the label drawn alone on black; every other pixel of the dashboard
 * corner 84..95 x 0..11 is black). Texts in order: "0000".."1000" (index = value), then
 * "-001".."-100" (index = 1000 + |value|). Source: the reference's score_label_table.npz, which
 * matches all 291 recorded frames.
 */
final class ScoreLabelV0 {
    static final int ROW0 = 89, COL0 = 2, ROWS = 3, COLS = 9;
    private static final int PATCH = ROWS * COLS;
    private static final int MIN_VALUE = -100, MAX_VALUE = 1000;
    private static final byte[] TABLE = load();

    private ScoreLabelV0() {}

    /**
     * The number "%04i" prints: the reward truncated toward zero, clamped to the table's range
     * (beyond it - only possible without the 1000-step limit - the nearest label is shown).
     */
    static int shownValue(double reward) {
        double t = reward < 0 ? Math.ceil(reward) : Math.floor(reward);
        return (int) Math.max(MIN_VALUE, Math.min(MAX_VALUE, t));
    }

    /** Writes the label of {@code value} into the grey patch of a 96-wide RGB frame. */
    static void draw(int value, byte[] rgb, int width) {
        int off = (value >= 0 ? value : MAX_VALUE - value) * PATCH;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                byte v = TABLE[off + r * COLS + c];
                int p = ((ROW0 + r) * width + COL0 + c) * 3;
                rgb[p] = v;
                rgb[p + 1] = v;
                rgb[p + 2] = v;
            }
        }
    }

    private static byte[] load() {
        try (InputStream in = ScoreLabelV0.class.getResourceAsStream("score_label_v0.bin")) {
            if (in == null) throw new IllegalStateException("resource score_label_v0.bin missing");
            byte[] t = in.readAllBytes();
            int expected = (MAX_VALUE - MIN_VALUE + 1) * PATCH;
            if (t.length != expected) throw new IllegalStateException("score_label_v0.bin: " + t.length + " bytes, expected " + expected);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
