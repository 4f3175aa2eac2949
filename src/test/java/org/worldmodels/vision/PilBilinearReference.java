// SPDX-License-Identifier: MIT
// A plain transcription of Pillow's ImagingResample (bilinear, 8-bit) for the 96x84 -> 64x64 frame
// resize: variable tap counts, interleaved HWC between the passes. The straightforward form the fast
// FramePreprocessor (padded taps, planar intermediate) must equal bit for bit.
package org.worldmodels.vision;

final class PilBilinearReference {
    private static final int BITS = 22;

    private PilBilinearReference() { }

    /** frame (96,96,3) uint8 HWC, rows 0..83 kept -> (64,64,3) uint8 HWC. */
    static byte[] resize(byte[] frame) {
        int inW = 96, inH = 84, out = 64;
        int[][] hx = taps(inW, out), vy = taps(inH, out);   // per output: {lo, n, w0, w1, ...}
        byte[] across = new byte[inH * out * 3];
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < out; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 1 << (BITS - 1);
                    for (int i = 0; i < hx[x][1]; i++) sum += (frame[(y * inW + hx[x][0] + i) * 3 + c] & 255) * hx[x][2 + i];
                    across[(y * out + x) * 3 + c] = clip8(sum);
                }
            }
        }
        byte[] result = new byte[out * out * 3];
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 1 << (BITS - 1);
                    for (int i = 0; i < vy[y][1]; i++) sum += (across[((vy[y][0] + i) * out + x) * 3 + c] & 255) * vy[y][2 + i];
                    result[(y * out + x) * 3 + c] = clip8(sum);
                }
            }
        }
        return result;
    }

    private static byte clip8(int sum) {
        if (sum >= (1 << BITS << 8)) return (byte) 255;
        if (sum <= 0) return 0;
        return (byte) (sum >> BITS);
    }

    /** PIL's precompute_coeffs for the triangle filter, then normalise_coeffs_8bpc. */
    private static int[][] taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize, filterScale = Math.max(scale, 1.0), support = filterScale;
        double ss = 1.0 / filterScale;
        int[][] t = new int[outSize][];
        for (int j = 0; j < outSize; j++) {
            double centre = (j + 0.5) * scale;
            int lo = Math.max(0, (int) (centre - support + 0.5)), hi = Math.min(inSize, (int) (centre + support + 0.5));
            int n = hi - lo;
            double[] w = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                double d = Math.abs((i + lo - centre + 0.5) * ss);
                w[i] = d < 1.0 ? 1.0 - d : 0.0;
                total += w[i];
            }
            t[j] = new int[2 + n];
            t[j][0] = lo;
            t[j][1] = n;
            for (int i = 0; i < n; i++) t[j][2 + i] = (int) (0.5 + (total != 0 ? w[i] / total : w[i]) * (1 << BITS));
        }
        return t;
    }
}
