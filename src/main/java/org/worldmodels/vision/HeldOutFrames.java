// SPDX-License-Identifier: MIT
// The held-out frames V is judged on each epoch: evenly spaced frames of a few episodes never trained
// on, their loss with z = mu (eps = 0, so the figure does not jitter), and a PNG grid of reconstructions.
package org.worldmodels.vision;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.worldmodels.data.AtomicFiles;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.nn.VaeLoss;

/** At most {@code maxFrames} frames, kept in memory as (N,3,64,64) floats. */
public final class HeldOutFrames {
    public final int count;
    private final float[] x;   // (N,3,64,64)

    /** Every k-th frame of the episodes, k chosen so that at most maxFrames are kept. */
    public HeldOutFrames(List<EpisodeFile.Episode> episodes, int maxFrames) {
        long total = 0;
        for (EpisodeFile.Episode e : episodes) total += e.length();
        int stride = (int) Math.max(1, (total + maxFrames - 1) / maxFrames);
        List<float[]> kept = new ArrayList<>();
        for (EpisodeFile.Episode e : episodes) {
            for (int t = 0; t < e.length(); t += stride) {
                float[] f = new float[ConvVae.PIXELS];
                e.frameChw(t, f, 0);
                kept.add(f);
            }
        }
        count = Math.min(kept.size(), maxFrames);
        x = new float[count * ConvVae.PIXELS];
        for (int i = 0; i < count; i++) System.arraycopy(kept.get(i), 0, x, i * ConvVae.PIXELS, ConvVae.PIXELS);
    }

    /** Frame-weighted mean loss parts over the held-out frames with z = mu. */
    public VaeLoss.Parts loss(ConvVae vae) {
        float[] xb = new float[vae.maxBatch * ConvVae.PIXELS], zero = new float[vae.maxBatch * ConvVae.Z];
        double recon = 0, kl = 0, klClipped = 0, total = 0;
        for (int start = 0; start < count; start += vae.maxBatch) {
            int b = Math.min(vae.maxBatch, count - start);
            System.arraycopy(x, start * ConvVae.PIXELS, xb, 0, b * ConvVae.PIXELS);
            vae.forward(b, xb, zero);
            VaeLoss.Parts p = vae.lossOfLastForward(b, xb);
            recon += p.reconstruction() * b;
            kl += p.kl() * b;
            klClipped += p.klClipped() * b;
            total += p.total() * b;
        }
        return new VaeLoss.Parts(recon / count, kl / count, klClipped / count, total / count);
    }

    /** A PNG with {@code n} evenly spaced held-out frames on the top row and their reconstructions (z = mu) below. */
    public void writeGrid(ConvVae vae, int n, Path png) throws IOException {
        n = Math.min(n, Math.min(count, vae.maxBatch));
        float[] xb = new float[n * ConvVae.PIXELS], zero = new float[n * ConvVae.Z];
        for (int i = 0; i < n; i++) System.arraycopy(x, (int) ((long) i * count / n) * ConvVae.PIXELS, xb, i * ConvVae.PIXELS, ConvVae.PIXELS);
        vae.forward(n, xb, zero);
        writeRows(png, n, xb, vae.xHat());
    }

    /** Rows of n images each, from (n,3,64,64) arrays in [0,1], scaled 2x. */
    public static void writeRows(Path png, int n, float[]... rows) throws IOException {
        int s = ConvVae.SIZE, scale = 2, gap = 2;
        BufferedImage img = new BufferedImage(n * (s * scale + gap) + gap, rows.length * (s * scale + gap) + gap, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) for (int xx = 0; xx < img.getWidth(); xx++) img.setRGB(xx, y, 0xffffff);
        int plane = s * s;
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < n; i++) {
                for (int py = 0; py < s * scale; py++) {
                    for (int px = 0; px < s * scale; px++) {
                        int p = (py / scale) * s + px / scale, base = i * ConvVae.PIXELS;
                        int rgb = 0;
                        for (int c = 0; c < 3; c++) rgb = (rgb << 8) | Math.round(Math.max(0, Math.min(1, rows[r][base + c * plane + p])) * 255);
                        img.setRGB(gap + i * (s * scale + gap) + px, gap + r * (s * scale + gap) + py, rgb);
                    }
                }
            }
        }
        AtomicFiles.write(png, out -> ImageIO.write(img, "png", out));
    }
}
