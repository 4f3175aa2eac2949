// SPDX-License-Identifier: MIT
package org.worldmodels.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GifTest {
    @TempDir Path tmp;

    @Test
    void writesEveryFrameAndKeepsColours() throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            byte[] rgb = new byte[4 * 3 * 3];
            for (int p = 0; p < 12; p++) { rgb[3 * p] = (byte) (50 * f); rgb[3 * p + 1] = (byte) 200; rgb[3 * p + 2] = 10; }
            frames.add(Gif.sideBySide(2, Gif.fromRgb(rgb, 0, 4, 3, 2), Gif.fromRgb(rgb, 0, 4, 3, 2)));
        }
        assertEquals(2 * 8 + 2, frames.get(0).getWidth());
        Path file = tmp.resolve("a.gif");
        Gif.write(file, frames, 40);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(5, reader.getNumImages(true));
            int c = reader.read(3).getRGB(0, 0);
            assertEquals(150, (c >> 16) & 0xff, 2);
            assertEquals(200, (c >> 8) & 0xff, 2);
        }
        assertThrows(IllegalArgumentException.class, () -> Gif.write(tmp.resolve("e.gif"), List.of(), 40));
    }
}
