// SPDX-License-Identifier: MIT
// Test helpers comparing rendered frames with recorded ones, and writing side-by-side PNGs
// (ours | reference | difference x4) for the documentation.
package org.worldmodels.env.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

final class FrameCompare {
    private FrameCompare() {}

    /** Number of pixels (all 3 channels) that differ. */
    static int differingPixels(byte[] a, byte[] b) {
        int n = 0;
        for (int p = 0; p < a.length; p += 3) {
            if (a[p] != b[p] || a[p + 1] != b[p + 1] || a[p + 2] != b[p + 2]) n++;
        }
        return n;
    }

    /** Mean absolute difference per channel (0..255). */
    static double[] meanAbsError(byte[] a, byte[] b) {
        double[] e = new double[3];
        for (int p = 0; p < a.length; p++) e[p % 3] += Math.abs((a[p] & 255) - (b[p] & 255));
        for (int c = 0; c < 3; c++) e[c] /= a.length / 3.0;
        return e;
    }

    /** Writes ours | reference | |difference| x 4, each scaled up {@code zoom} times, into docs/img. */
    static void writeSideBySide(String name, byte[] ours, byte[] ref, int w, int h, int zoom) {
        BufferedImage img = new BufferedImage(3 * w * zoom + 2 * zoom, h * zoom, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * zoom; y++) {
            for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, 0xffffff);
        }
        for (int panel = 0; panel < 3; panel++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = (y * w + x) * 3, rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        int a = ours[p + c] & 255, b = ref[p + c] & 255;
                        int v = panel == 0 ? a : panel == 1 ? b : Math.min(255, 4 * Math.abs(a - b));
                        rgb = (rgb << 8) | v;
                    }
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) img.setRGB(panel * (w + 1) * zoom + x * zoom + dx, y * zoom + dy, rgb);
                    }
                }
            }
        }
        try {
            Path dir = Path.of("docs", "img");
            Files.createDirectories(dir);
            ImageIO.write(img, "png", dir.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
