// SPDX-License-Identifier: MIT
// The agent's view of a frame (spec agent.md section 1): crop the dashboard away, resize 96x84 -> 64x64
// exactly as PIL's Image.BILINEAR does, scale to [0, 1] channels-first for the VAE.
package org.worldmodels.vision;

/**
 * PIL's "bilinear" resize is a convolution with the triangle filter max(0, 1 - |x|), widened by the
 * shrink factor (1.5 across, 1.3125 down), done separably - horizontal pass, then vertical - in fixed
 * point: weights normalised to sum 1 and stored as round(w 2^22); each output is
 * clip8((2^21 + sum(w_i p_i)) >> 22), so both passes round to 8 bits (the clamp never acts here, see
 * toByte). Not 2x2 interpolation: every output averages a 2-3 pixel neighbourhood. Matches Pillow 9.4
 * byte for byte (FramePreprocessorTest).
 *
 * <p>Everything that does not depend on the pixels - where each output's taps start and their integer
 * weights - is computed once into static tables. Every output gets exactly {@link #TAPS} taps: an
 * output with fewer real taps gets zero weights on pixels that are still inside the image, so adding
 * them changes no bit and the per-frame loops have no bounds or counts to look up. The horizontal pass
 * writes channels-first (planar) so the vertical pass sums whole rows of 64 (loops C2 vectorises) and
 * the float variant writes straight into the encoder's (3,64,64) input with no interleaved image between.
 *
 * <p>One instance holds its scratch buffer: use one per thread.
 */
public final class FramePreprocessor {
    public static final int IN_W = 96, IN_H = 96, CROP_H = 84, OUT = 64, CHANNELS = 3;
    /** Taps per output on both axes: 96 -> 64 and 84 -> 64 both need at most 3 pixels (checked at start-up). */
    static final int TAPS = 3;
    /** PIL's fixed-point precision for 8-bit images: 32 - 8 - 2 bits. */
    private static final int PRECISION_BITS = 22;
    /** + 0.5 before the shift, so the shift rounds. */
    private static final int HALF = 1 << (PRECISION_BITS - 1);
    private static final int PLANE = CROP_H * OUT;

    private static final Taps HORIZONTAL = new Taps(IN_W, OUT), VERTICAL = new Taps(CROP_H, OUT);

    static {
        if (!pairsRepeat()) throw new IllegalStateException("96 -> 64 taps do not repeat every 2 outputs from x = 1");
    }

    /** True when the horizontal taps repeat with period (2 outputs, 3 pixels) from x = 1 to 62, as horizontalPass assumes. */
    static boolean pairsRepeat() {
        if (HORIZONTAL.first[1] != 1 || HORIZONTAL.first[2] != 2) return false;
        for (int x = 3; x < OUT - 1; x++) {
            if (HORIZONTAL.first[x] != HORIZONTAL.first[x - 2] + 3) return false;
            for (int t = 0; t < TAPS; t++) if (HORIZONTAL.weight[x * TAPS + t] != HORIZONTAL.weight[(x - 2) * TAPS + t]) return false;
        }
        return true;
    }

    /** After the horizontal pass: (3, 84, 64) uint8 values 0..255, channels-first. */
    private final int[] across = new int[CHANNELS * PLANE];

    /** frame (96,96,3) uint8 HWC -> out (64,64,3) uint8 HWC: what the data files store. */
    public void toUint8(byte[] frame, byte[] out) {
        horizontalPass(frame);
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < OUT; y++) {
                int k = y * TAPS, src = c * PLANE + VERTICAL.first[y] * OUT;
                int w0 = VERTICAL.weight[k], w1 = VERTICAL.weight[k + 1], w2 = VERTICAL.weight[k + 2];
                for (int x = 0, o = y * OUT * CHANNELS + c; x < OUT; x++, o += CHANNELS) {
                    out[o] = (byte) vertical(src + x, w0, w1, w2);
                }
            }
        }
    }

    /** frame (96,96,3) uint8 HWC -> x (3,64,64) float32 CHW in [0, 1], written at {@code x[offset..]}. */
    public void toFloatChw(byte[] frame, float[] x, int offset) {
        horizontalPass(frame);
        // vertical pass straight into the encoder's input: a row of 64 per (channel, output row), vectorised by C2
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = 0; y < OUT; y++) {
                int k = y * TAPS, src = c * PLANE + VERTICAL.first[y] * OUT, o = offset + (c * OUT + y) * OUT;
                int w0 = VERTICAL.weight[k], w1 = VERTICAL.weight[k + 1], w2 = VERTICAL.weight[k + 2];
                for (int q = 0; q < OUT; q++) x[o + q] = vertical(src + q, w0, w1, w2) / 255f;   // the byte path's value / 255f
            }
        }
    }

    /** One vertical output: the column at across[i] and the two rows below it, weighted, rounded to 8 bits. */
    private int vertical(int i, int w0, int w1, int w2) {
        return toByte(HALF + across[i] * w0 + across[i + OUT] * w1 + across[i + 2 * OUT] * w2);
    }

    /**
     * (84,96,3) kept rows -> across (3,84,64): three weighted pixels per output, rounded to 8 bits.
     * 96 -> 64 is 3 pixels -> 2 outputs: outputs 2m+1 and 2m+2 read pixels 3m+1..3m+3 and 3m+2..3m+4
     * with the same two weight triples for every m (pairsRepeat checks it), so the inner loop takes
     * its weights from registers, loads each of the pair's 4 pixels once, and indexes linearly in m.
     * Outputs 0 and 63 (edges, 2 real taps) go through the tables.
     */
    private void horizontalPass(byte[] frame) {
        final int a0 = HORIZONTAL.weight[3], a1 = HORIZONTAL.weight[4], a2 = HORIZONTAL.weight[5];  // x = 1
        final int b0 = HORIZONTAL.weight[6], b1 = HORIZONTAL.weight[7], b2 = HORIZONTAL.weight[8];  // x = 2
        for (int y = 0; y < CROP_H; y++) {
            int row = y * IN_W * CHANNELS, dst = y * OUT;
            edgeOutput(frame, row, dst, 0);
            for (int m = 0; m < (OUT - 2) / 2; m++) {
                int p = row + (3 * m + 1) * CHANNELS, q = dst + 2 * m + 1;
                for (int c = 0; c < CHANNELS; c++) {
                    int v1 = frame[p + c] & 255, v2 = frame[p + 3 + c] & 255;
                    int v3 = frame[p + 6 + c] & 255, v4 = frame[p + 9 + c] & 255;
                    across[c * PLANE + q] = toByte(HALF + v1 * a0 + v2 * a1 + v3 * a2);
                    across[c * PLANE + q + 1] = toByte(HALF + v2 * b0 + v3 * b1 + v4 * b2);
                }
            }
            edgeOutput(frame, row, dst, OUT - 1);
        }
    }

    /** One horizontal output from the tables (the edge columns). */
    private void edgeOutput(byte[] frame, int row, int dst, int x) {
        int p = row + HORIZONTAL.first[x] * CHANNELS, k = x * TAPS;
        int w0 = HORIZONTAL.weight[k], w1 = HORIZONTAL.weight[k + 1], w2 = HORIZONTAL.weight[k + 2];
        for (int c = 0; c < CHANNELS; c++) {
            across[c * PLANE + dst + x] = toByte(HALF + (frame[p + c] & 255) * w0 + (frame[p + 3 + c] & 255) * w1
                    + (frame[p + 6 + c] & 255) * w2);
        }
    }

    /**
     * Fixed-point sum back to 0..255: PIL's clip8 is (sum >> 22) clamped to 0..255, but here the clamp
     * never acts: every weight is >= 0 and each output's weights add up to at most 2^22 + 8396 (Taps
     * checks it), so 0 <= 2^21 + sum(w p) <= 2^21 + 255 sum(w) < 256 2^22 for pixels p in 0..255.
     * (PIL needs the clamp for filters with negative lobes: bicubic, Lanczos.) No overflow either:
     * the largest sum is below 2^30.
     */
    private static int toByte(int sum) {
        return sum >> PRECISION_BITS;
    }

    /**
     * The taps of one axis: output j reads inputs first[j] .. first[j] + TAPS - 1 with integer weights
     * weight[j TAPS + t]. PIL's own window is lo .. hi - 1 (2 or 3 pixels here); it is placed inside the
     * TAPS window, whose other weights are 0, and the window is shifted left at the far edge so that
     * every index it names exists.
     */
    static final class Taps {
        final int[] first, weight;

        Taps(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0); // widen the triangle only when shrinking
            double support = 1.0 * filterScale; // the triangle filter has support 1
            first = new int[outSize];
            weight = new int[outSize * TAPS];
            double[] w = new double[(int) Math.ceil(support) * 2 + 1];
            double ss = 1.0 / filterScale; // PIL multiplies by the reciprocal (matters in the last bit)
            for (int j = 0; j < outSize; j++) {
                double centre = (j + 0.5) * scale;
                int lo = Math.max(0, (int) (centre - support + 0.5)); // C's (int) truncates; both are >= 0 here
                int hi = Math.min(inSize, (int) (centre + support + 0.5));
                int n = hi - lo;
                if (n > TAPS) throw new IllegalStateException(inSize + " -> " + outSize + " needs " + n + " taps");
                double total = 0;
                for (int i = 0; i < n; i++) {
                    w[i] = triangle((i + lo - centre + 0.5) * ss);
                    total += w[i];
                }
                int start = Math.min(lo, inSize - TAPS); // pad after lo, or before it at the far edge
                first[j] = start;
                for (int i = 0; i < n; i++) {
                    double normalised = total != 0 ? w[i] / total : w[i];
                    // PIL rounds half away from zero: (int)(0.5 + w 2^22), weights are never negative here
                    weight[j * TAPS + lo - start + i] = (int) (0.5 + normalised * (1 << PRECISION_BITS));
                }
                long sum = 0;
                for (int t = 0; t < TAPS; t++) {
                    if (weight[j * TAPS + t] < 0) throw new IllegalStateException("negative weight at output " + j);
                    sum += weight[j * TAPS + t];
                }
                // toByte's promise: 2^21 + 255 sum < 256 2^22, i.e. the shift alone lands in 0..255
                if (HALF + 255 * sum >= 256L << PRECISION_BITS) throw new IllegalStateException("weights of output " + j + " exceed 1");
            }
        }

        private static double triangle(double x) {
            x = Math.abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }
}
