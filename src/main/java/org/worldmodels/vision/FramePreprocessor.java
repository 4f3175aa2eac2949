// SPDX-License-Identifier: MIT
// The agent's view of a frame (spec agent.md section 1): crop the dashboard away, resize 96x84 -> 64x64
// exactly as PIL's Image.BILINEAR does, scale to [0, 1] channels-first for the VAE.
package org.worldmodels.vision;

/**
 * PIL's "bilinear" resize is a convolution with the triangle filter max(0, 1 - |x|), widened by the
 * shrink factor (1.5 across, 1.3125 down), done separably - horizontal pass, then vertical - in fixed
 * point: weights normalised to sum 1 and stored as round(w 2^22); each output is
 * clip8((2^21 + sum(w_i p_i)) >> 22), so both passes round to 8 bits. Not 2x2 interpolation: every
 * output averages a 3-4 pixel neighbourhood. Matches Pillow 9.4 byte for byte (FramePreprocessorTest).
 *
 * <p>One instance holds its scratch buffers: use one per thread.
 */
public final class FramePreprocessor {
    public static final int IN_W = 96, IN_H = 96, CROP_H = 84, OUT = 64, CHANNELS = 3;
    /** PIL's fixed-point precision for 8-bit images: 32 - 8 - 2 bits. */
    private static final int PRECISION_BITS = 22;

    /** v / 255f for every byte v (the same floats as dividing, without a division per value). */
    private static final float[] OVER_255 = new float[256];

    static {
        for (int v = 0; v < 256; v++) OVER_255[v] = v / 255f;
    }

    private static final Filter HORIZONTAL = new Filter(IN_W, OUT), VERTICAL = new Filter(CROP_H, OUT);

    /** After the horizontal pass: (84, 64, 3) uint8, as PIL keeps it between passes. */
    private final byte[] across = new byte[CROP_H * OUT * CHANNELS];
    /** One output row's fixed-point sums in the vertical pass. */
    private final int[] rowSum = new int[OUT * CHANNELS];
    /** The resized frame (64,64,3) uint8, for the float variant. */
    private final byte[] resized = new byte[OUT * OUT * CHANNELS];

    /** frame (96,96,3) uint8 HWC -> out (64,64,3) uint8 HWC: what the data files store. */
    public void toUint8(byte[] frame, byte[] out) {
        int half = 1 << (PRECISION_BITS - 1); // + 0.5 so the shift rounds
        // horizontal pass over the kept rows 0..83: (84,96,3) -> (84,64,3)
        for (int y = 0; y < CROP_H; y++) {
            for (int x = 0; x < OUT; x++) {
                int lo = HORIZONTAL.first[x], n = HORIZONTAL.count[x], k0 = x * HORIZONTAL.maxTaps;
                int r = half, g = half, b = half;
                for (int i = 0, p = (y * IN_W + lo) * CHANNELS; i < n; i++, p += CHANNELS) {
                    int w = HORIZONTAL.weight[k0 + i];
                    r += (frame[p] & 255) * w;
                    g += (frame[p + 1] & 255) * w;
                    b += (frame[p + 2] & 255) * w;
                }
                int q = (y * OUT + x) * CHANNELS;
                across[q] = clip8(r);
                across[q + 1] = clip8(g);
                across[q + 2] = clip8(b);
            }
        }
        // vertical pass: (84,64,3) -> (64,64,3), a whole row of 64 x 3 sums per tap (a loop C2 vectorises)
        int row = OUT * CHANNELS;
        for (int y = 0; y < OUT; y++) {
            int lo = VERTICAL.first[y], n = VERTICAL.count[y], k0 = y * VERTICAL.maxTaps;
            java.util.Arrays.fill(rowSum, half);
            for (int i = 0; i < n; i++) {
                int w = VERTICAL.weight[k0 + i], src = (lo + i) * row;
                for (int q = 0; q < row; q++) rowSum[q] += (across[src + q] & 255) * w;
            }
            for (int q = 0; q < row; q++) out[y * row + q] = clip8(rowSum[q]);
        }
    }

    /** frame (96,96,3) uint8 HWC -> x (3,64,64) float32 CHW in [0, 1], written at {@code x[offset..]}. */
    public void toFloatChw(byte[] frame, float[] x, int offset) {
        toUint8(frame, resized);
        for (int c = 0; c < CHANNELS; c++) {
            for (int p = 0; p < OUT * OUT; p++) x[offset + c * OUT * OUT + p] = OVER_255[resized[p * CHANNELS + c] & 255];
        }
    }

    /** Fixed-point sum back to a byte: >> 22 with clamping to 0..255. */
    private static byte clip8(int sum) {
        if (sum >= (1 << PRECISION_BITS << 8)) return (byte) 255;
        if (sum <= 0) return 0;
        return (byte) (sum >> PRECISION_BITS);
    }

    /** The taps of one axis: output j reads inputs first[j] .. first[j] + count[j] - 1 with integer weights. */
    private static final class Filter {
        final int[] first, count, weight;
        final int maxTaps;

        Filter(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0); // widen the triangle only when shrinking
            double support = 1.0 * filterScale; // the triangle filter has support 1
            maxTaps = (int) Math.ceil(support) * 2 + 1;
            first = new int[outSize];
            count = new int[outSize];
            weight = new int[outSize * maxTaps];
            double[] w = new double[maxTaps];
            double ss = 1.0 / filterScale; // PIL multiplies by the reciprocal (matters in the last bit)
            for (int j = 0; j < outSize; j++) {
                double centre = (j + 0.5) * scale;
                int lo = Math.max(0, (int) (centre - support + 0.5)); // C's (int) truncates; both are >= 0 here
                int hi = Math.min(inSize, (int) (centre + support + 0.5));
                int n = hi - lo;
                double total = 0;
                for (int i = 0; i < n; i++) {
                    w[i] = triangle((i + lo - centre + 0.5) * ss);
                    total += w[i];
                }
                for (int i = 0; i < n; i++) {
                    double normalised = total != 0 ? w[i] / total : w[i];
                    // PIL rounds half away from zero: (int)(0.5 + w 2^22), weights are never negative here
                    weight[j * maxTaps + i] = (int) (0.5 + normalised * (1 << PRECISION_BITS));
                }
                first[j] = lo;
                count[j] = n;
            }
        }

        private static double triangle(double x) {
            x = Math.abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }
}
