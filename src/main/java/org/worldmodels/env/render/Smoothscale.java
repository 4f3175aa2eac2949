// SPDX-License-Identifier: MIT
// pygame's smoothscale as the v3 frames show it: an area-averaging box filter whose two fixed-point
// passes (across, then down) each truncate, so flat areas come out 2 levels darker.
package org.worldmodels.env.render;

/**
 * Turns the exact box average of a pixel's footprint into the byte pygame produces. Each pass
 * computes (sum * floor(2^32 / xspace)) >> 16 with xspace = floor(2^16 in / out): the reciprocal is
 * rounded down and the result truncated, so a flat colour c > 0 gives c - 1 per pass (measured: 102
 * -> 100, 204 -> 202, 230 -> 228 in every recorded frame). A mixed pixel loses the fractional
 * parts instead, about 0.5 per pass plus the truncated partial source pixels: about 1.2 in all.
 */
final class Smoothscale {
    private Smoothscale() {}

    /** Levels lost by a flat area (two truncating passes). */
    static final int FLAT_LOSS = 2;
    /** Mean levels lost by a pixel averaging several colours. */
    static final double MIXED_LOSS = 1.2;

    /** A pixel whose whole footprint has the single colour value c (0..255). */
    static int flat(int c) {
        return Math.max(0, c - FLAT_LOSS);
    }

    /** A pixel whose footprint averages to {@code mean} over several colours. */
    static int mixed(double mean) {
        return (int) Math.max(0, Math.min(255, Math.round(mean - MIXED_LOSS)));
    }

    /**
     * Box-average of a grey image (w x h pixels, unit squares from (0,0)) over the footprint
     * [x0, x1) x [y0, y1): each pixel weighs its overlap area.
     */
    static double boxAverage(byte[] grey, int w, int h, double x0, double x1, double y0, double y1) {
        double sum = 0;
        int ya = (int) Math.floor(y0), yb = (int) Math.ceil(y1), xa = (int) Math.floor(x0), xb = (int) Math.ceil(x1);
        for (int y = Math.max(0, ya); y < Math.min(h, yb); y++) {
            double wy = Math.min(y + 1, y1) - Math.max(y, y0);
            for (int x = Math.max(0, xa); x < Math.min(w, xb); x++) {
                double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                sum += wx * wy * (grey[y * w + x] & 255);
            }
        }
        return sum / ((x1 - x0) * (y1 - y0));
    }
}
