// SPDX-License-Identifier: MIT
// A generated race track: the centre-line points and the road tiles and kerbs built on them.
package org.worldmodels.env;

/**
 * The geometry of one track (spec carracing.md section 3), immutable once built.
 *
 * <p>Point i is (alpha_i, beta_i, x_i, y_i): polar angle of the checkpoint it heads for, heading
 * (unwrapped, radians), position (metres). Tile i is the quad joining point i-1 to point i (tile 0
 * joins the last point to the first), vertices in the reference's order:
 * P_i - w n_i, P_i + w n_i, P_{i-1} + w n_{i-1}, P_{i-1} - w n_{i-1}, with n = (cos beta, sin beta).
 * Kerbs are render-only quads; kerb j follows tile {@code kerbTile[j]} in the draw list.
 */
public final class Track {
    /** Centre line, N points each. */
    public final double[] alpha, beta, x, y;
    /** Tile quads: tile i's vertex v is (tileVertices[8i + 2v], tileVertices[8i + 2v + 1]). */
    public final double[] tileVertices;
    /** Per point: part of a kerb (sharp turn). */
    public final boolean[] border;
    /** Kerb quads (8 numbers each, as tiles), the tile each follows, and its colour (red for odd tiles). */
    public final double[] kerbVertices;
    public final int[] kerbTile;
    public final boolean[] kerbRed;
    /** Track-generation attempts this track needed (1 = first try). */
    public final int attempts;

    public Track(double[] alpha, double[] beta, double[] x, double[] y, double[] tileVertices, boolean[] border,
                 double[] kerbVertices, int[] kerbTile, boolean[] kerbRed, int attempts) {
        int n = alpha.length;
        if (beta.length != n || x.length != n || y.length != n || tileVertices.length != 8 * n || border.length != n) {
            throw new IllegalArgumentException("inconsistent track arrays for " + n + " points");
        }
        if (kerbVertices.length != 8 * kerbTile.length || kerbRed.length != kerbTile.length) {
            throw new IllegalArgumentException("inconsistent kerb arrays");
        }
        this.alpha = alpha;
        this.beta = beta;
        this.x = x;
        this.y = y;
        this.tileVertices = tileVertices;
        this.border = border;
        this.kerbVertices = kerbVertices;
        this.kerbTile = kerbTile;
        this.kerbRed = kerbRed;
        this.attempts = attempts;
    }

    /** Number of points = number of tiles (N). */
    public int size() { return alpha.length; }

    public int kerbCount() { return kerbTile.length; }
}
