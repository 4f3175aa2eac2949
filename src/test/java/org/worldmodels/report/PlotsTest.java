// SPDX-License-Identifier: MIT
package org.worldmodels.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir Path tmp;

    @Test
    void writesDecodableLineChartAndHistogram() throws IOException {
        double[] x = {1, 2, 3, 4};
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("reconstruction", new double[] {90, 60, 45, 40});
        s.put("kl", new double[] {16, 16, 17, 18});
        Path lines = tmp.resolve("loss.png");
        Plots.lines(lines, "VAE loss", "step", "loss", x, s, true);
        BufferedImage img = ImageIO.read(lines.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        Path hist = tmp.resolve("hist.png");
        Plots.histogram(hist, "returns", "reward", new double[] {-30, 100, 250, 900, 870}, 10);
        assertNotNull(ImageIO.read(hist.toFile()));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.lines(tmp.resolve("bad.png"), "t", "x", "y", x, Map.of("s", new double[] {1}), false));
    }
}
