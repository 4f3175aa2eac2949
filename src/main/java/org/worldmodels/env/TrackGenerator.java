// SPDX-License-Identifier: MIT
// CarRacing's random race track, step by step as spec carracing.md section 3 (and gym/Gymnasium's
// _create_track) describes it: checkpoints, the walk, closing the loop, kerbs, tiles; retried until it works.
package org.worldmodels.env;

import static org.worldmodels.env.CarRacingConstants.BORDER;
import static org.worldmodels.env.CarRacingConstants.BORDER_MIN_COUNT;
import static org.worldmodels.env.CarRacingConstants.CHECKPOINTS;
import static org.worldmodels.env.CarRacingConstants.TRACK_DETAIL_STEP;
import static org.worldmodels.env.CarRacingConstants.TRACK_RAD;
import static org.worldmodels.env.CarRacingConstants.TRACK_TURN_RATE;
import static org.worldmodels.env.CarRacingConstants.TRACK_WIDTH;

/**
 * Generates tracks like the reference: the same random draws, the same double arithmetic in the
 * same order. Only sin/cos/atan2 can round differently from the reference's C library (glibc): we
 * use {@link Math}, whose sin/cos agree with glibc more often than StrictMath's do (measured on the
 * 20 reference tracks: worst difference 1.1e-13 m; v3 headings and x bit-identical). Both v0 and v3
 * use this code; they differ only in the random stream they pass in.
 */
public final class TrackGenerator {
    private TrackGenerator() {}

    /** Draws per attempt: (noise, rad) for each of the 12 checkpoints. */
    public static final int DRAWS_PER_ATTEMPT = 2 * CHECKPOINTS;
    /** The walk stops after this many points even if it has not done its laps. */
    static final int POINT_BUDGET = 2500;
    /** The walk stops once it has done more than this many laps. */
    static final int LAPS = 4;
    /** Checkpoints 0 and 11 sit at 1.5 * TRACK_RAD = 225 m: the start/finish straight. */
    static final double OUTER_RADIUS = 1.5 * TRACK_RAD;
    /** The track starts half a checkpoint sector before angle 0: 2*pi*(-0.5)/12 = -pi/12. */
    public static final double START_ALPHA = 2 * Math.PI * (-0.5) / CHECKPOINTS;
    /** Neighbouring headings that differ by more than this make a sharp turn (0.31*0.2 = 0.062). */
    static final double SHARP_TURN = TRACK_TURN_RATE * 0.2;

    private static final double TWO_PI = 2 * Math.PI;

    /** Section 3.8: retries attempts until one succeeds, drawing 24 fresh uniforms for each. */
    public static Track generate(UniformSource rng) {
        for (int attempt = 1; ; attempt++) {
            Track track = tryOnce(rng, attempt);
            if (track != null) return track;
        }
    }

    /** One attempt (sections 3.1-3.7); null when the loop cannot be closed or glued. */
    static Track tryOnce(UniformSource rng, int attempt) {
        double[][] checkpoints = checkpoints(rng);
        Walk walk = walk(checkpoints);
        int[] range = closeLoop(walk);
        if (range == null) return null;
        int i1 = range[0], n = range[1] - 1 - i1;   // Python's track[i1 : i2-1]
        if (n <= BORDER_MIN_COUNT) return null;     // never seen (a lap has 220-390 points); rejected, not imitated
        double[] alpha = slice(walk.alpha, i1, n), beta = slice(walk.beta, i1, n);
        double[] x = slice(walk.x, i1, n), y = slice(walk.y, i1, n);
        if (glueGap(beta, x, y) > TRACK_DETAIL_STEP) return null;
        boolean[] border = kerbFlags(beta);
        return buildGeometry(alpha, beta, x, y, border, attempt);
    }

    // ---- 3.1 checkpoints ------------------------------------------------------------------------

    /**
     * Draws the 12 checkpoints (alpha, x, y): per c, noise = U(0, 2pi/12) then rad = U(50, 150);
     * alpha_c = 2pi*c/12 + noise. Checkpoints 0 and 11 are drawn too, then overwritten.
     */
    public static double[][] checkpoints(UniformSource rng) {
        double[][] cp = new double[CHECKPOINTS][];
        for (int c = 0; c < CHECKPOINTS; c++) {
            double noise = rng.uniform(0, 2 * Math.PI * 1 / CHECKPOINTS);
            double alpha = 2 * Math.PI * c / CHECKPOINTS + noise;
            double rad = rng.uniform(TRACK_RAD / 3, TRACK_RAD);
            if (c == 0) {
                alpha = 0;
                rad = OUTER_RADIUS;
            }
            if (c == CHECKPOINTS - 1) {
                alpha = 2 * Math.PI * c / CHECKPOINTS;
                rad = OUTER_RADIUS;
            }
            cp[c] = new double[] {alpha, rad * Math.cos(alpha), rad * Math.sin(alpha)};
        }
        return cp;
    }

    // ---- 3.2 the walk ---------------------------------------------------------------------------

    /** The raw walk: up to POINT_BUDGET points (alpha, beta, x, y), several laps round the checkpoints. */
    public static final class Walk {
        public final double[] alpha = new double[POINT_BUDGET], beta = new double[POINT_BUDGET];
        public final double[] x = new double[POINT_BUDGET], y = new double[POINT_BUDGET];
        int n;

        /** Points walked (the arrays hold POINT_BUDGET slots). */
        public int size() { return n; }
    }

    /**
     * Steers from checkpoint to checkpoint: heading beta (travel direction (-sin beta, cos beta)),
     * turning by at most 0.31 rad per 3.5 m step towards the destination, until more than 4 laps.
     */
    public static Walk walk(double[][] checkpoints) {
        Walk w = new Walk();
        double x = OUTER_RADIUS, y = 0, beta = 0;
        int dest = 0;               // destination index, never reset: it only counts up
        int laps = 0;
        boolean visitedOtherSide = false;
        while (true) {
            // Polar angle of the position in (0, 2pi]; crossing from below the x axis back above it is a lap.
            double alpha = Math.atan2(y, x);
            if (visitedOtherSide && alpha > 0) {
                laps++;
                visitedOtherSide = false;
            }
            if (alpha < 0) {
                visitedOtherSide = true;
                alpha += TWO_PI;
            }

            // Destination: the first checkpoint (from index dest on) whose alpha is not behind us.
            // When the scan wraps past checkpoint 11, alpha drops by 2pi (and is stored that way).
            double[] d;
            while (true) {
                d = checkpoints[dest % CHECKPOINTS];
                if (alpha <= d[0]) break;
                dest++;
                if (dest % CHECKPOINTS == 0) alpha -= TWO_PI;
            }

            // proj = r . (dest - pos) with r = (cos beta, sin beta), the right of travel, before the turn.
            double r1x = Math.cos(beta), r1y = Math.sin(beta);
            double p1x = -r1y, p1y = r1x;   // direction of travel
            double proj = r1x * (d[1] - x) + r1y * (d[2] - y);

            // Unwrap beta to within 1.5pi of alpha.
            while (beta - alpha > 1.5 * Math.PI) beta -= TWO_PI;
            while (beta - alpha < -1.5 * Math.PI) beta += TWO_PI;
            double prevBeta = beta;

            // Destination to the right (proj > 0): turn right, i.e. decrease beta; at most 0.31 rad.
            proj *= CarRacingConstants.SCALE;
            if (proj > 0.3) beta -= Math.min(TRACK_TURN_RATE, Math.abs(0.001 * proj));
            if (proj < -0.3) beta += Math.min(TRACK_TURN_RATE, Math.abs(0.001 * proj));

            // Step along the heading from before the turn; store the mean heading.
            x += p1x * TRACK_DETAIL_STEP;
            y += p1y * TRACK_DETAIL_STEP;
            int i = w.n++;
            w.alpha[i] = alpha;
            w.beta[i] = prevBeta * 0.5 + beta * 0.5;
            w.x[i] = x;
            w.y[i] = y;
            if (laps > LAPS || w.n == POINT_BUDGET) return w;
        }
    }

    // ---- 3.3 closing the loop -------------------------------------------------------------------

    /**
     * Scanning back from the end, the last two points where alpha passes START_ALPHA upwards are
     * i2 then i1: one full lap, late in the walk where the path has settled. Returns {i1, i2} or null.
     */
    static int[] closeLoop(Walk w) {
        int i1 = -1, i2 = -1;
        for (int i = w.n - 1; i > 0; i--) {
            boolean passesStart = w.alpha[i] > START_ALPHA && w.alpha[i - 1] <= START_ALPHA;
            if (passesStart && i2 == -1) {
                i2 = i;
            } else if (passesStart) {
                i1 = i;
                return new int[] {i1, i2};
            }
        }
        return null;   // reached i = 0 without two passes
    }

    // ---- 3.4 glue check -------------------------------------------------------------------------

    /**
     * How far the last point is from the first, "across" the first heading b:
     * sqrt((cos b * dx)^2 + (sin b * dy)^2), component-wise as the reference computes it (not a projection).
     */
    static double glueGap(double[] beta, double[] x, double[] y) {
        int last = beta.length - 1;
        double px = Math.cos(beta[0]) * (x[0] - x[last]);
        double py = Math.sin(beta[0]) * (y[0] - y[last]);
        return Math.sqrt(px * px + py * py);
    }

    // ---- 3.5 kerbs ------------------------------------------------------------------------------

    /**
     * Point i is sharp when the last 4 heading changes beta[i-k] - beta[i-k-1] (k = 0..3, indices
     * wrapping) all exceed 0.062 in size and share one sign. Then, in place and in increasing i, each
     * mark spreads to the 3 points before it (a mark that wraps to the end is spread again there).
     */
    static boolean[] kerbFlags(double[] beta) {
        int n = beta.length;
        boolean[] border = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean sharp = true;
            int oneSide = 0;
            for (int k = 0; k < BORDER_MIN_COUNT; k++) {
                double diff = beta[wrap(i - k, n)] - beta[wrap(i - k - 1, n)];
                sharp &= Math.abs(diff) > SHARP_TURN;
                oneSide += (int) Math.signum(diff);
            }
            border[i] = sharp && Math.abs(oneSide) == BORDER_MIN_COUNT;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < BORDER_MIN_COUNT; k++) border[wrap(i - k, n)] |= border[i];
        }
        return border;
    }

    // ---- 3.6, 3.7 tiles and kerb quads ----------------------------------------------------------

    /**
     * Tile i joins point i-1 to point i: P_i - w n_i, P_i + w n_i, P_{i-1} + w n_{i-1}, P_{i-1} - w n_{i-1}
     * with n = (cos beta, sin beta). A kerb on the outside of the turn (side = sign(beta_{i-1} - beta_i))
     * lies between w and w + BORDER from the centre line; white for even i, red for odd i.
     */
    static Track buildGeometry(double[] alpha, double[] beta, double[] x, double[] y, boolean[] border, int attempts) {
        int n = beta.length;
        int kerbs = 0;
        for (boolean b : border) if (b) kerbs++;
        double[] tiles = new double[8 * n];
        double[] kerbVertices = new double[8 * kerbs];
        int[] kerbTile = new int[kerbs];
        boolean[] kerbRed = new boolean[kerbs];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int j = wrap(i - 1, n);
            double c1 = Math.cos(beta[i]), s1 = Math.sin(beta[i]);
            double c2 = Math.cos(beta[j]), s2 = Math.sin(beta[j]);
            putQuad(tiles, i,
                    x[i] - TRACK_WIDTH * c1, y[i] - TRACK_WIDTH * s1,
                    x[i] + TRACK_WIDTH * c1, y[i] + TRACK_WIDTH * s1,
                    x[j] + TRACK_WIDTH * c2, y[j] + TRACK_WIDTH * s2,
                    x[j] - TRACK_WIDTH * c2, y[j] - TRACK_WIDTH * s2);
            if (border[i]) {
                double side = Math.signum(beta[j] - beta[i]);
                double inner = side * TRACK_WIDTH, outer = side * (TRACK_WIDTH + BORDER);
                putQuad(kerbVertices, k,
                        x[i] + inner * c1, y[i] + inner * s1,
                        x[i] + outer * c1, y[i] + outer * s1,
                        x[j] + outer * c2, y[j] + outer * s2,
                        x[j] + inner * c2, y[j] + inner * s2);
                kerbTile[k] = i;
                kerbRed[k] = i % 2 == 1;
                k++;
            }
        }
        return new Track(alpha, beta, x, y, tiles, border, kerbVertices, kerbTile, kerbRed, attempts);
    }

    private static void putQuad(double[] out, int q, double... xy) {
        System.arraycopy(xy, 0, out, 8 * q, 8);
    }

    /** Python's negative indexing: -1 is the last element. */
    private static int wrap(int i, int n) {
        return i < 0 ? i + n : i;
    }

    private static double[] slice(double[] a, int from, int n) {
        double[] out = new double[n];
        System.arraycopy(a, from, out, 0, n);
        return out;
    }
}
