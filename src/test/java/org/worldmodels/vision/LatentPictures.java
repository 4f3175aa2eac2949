// SPDX-License-Identifier: MIT
// Draws the pictures of docs/vision.md "What the latent space holds" from a trained VAE and a few
// rollouts: reconstructions, single-dimension traversals, and a PCA projection of mu coloured by road share.
// Run: java -cp target/classes:target/test-classes:... org.worldmodels.vision.LatentPictures VAE.npz ROLLOUTS OUTDIR [episodes]
package org.worldmodels.vision;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.worldmodels.data.AtomicFiles;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;

public final class LatentPictures {
    static final int TRAVERSAL_DIMS = 6, TRAVERSAL_STEPS = 7;

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]), rollouts = Path.of(args[1]), out = Path.of(args[2]);
        int episodes = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        ConvVae vae = new ConvVae(100);
        Checkpoint.load(model, vae.params);
        List<Path> files = EpisodeFiles.list(rollouts, "rollouts");
        List<EpisodeFile.Episode> eps = new ArrayList<>();
        for (Path f : files.subList(Math.max(0, files.size() - episodes), files.size())) eps.add(EpisodeFile.read(f));

        // mu of every frame, and each frame's share of road pixels (grey: r, g, b within 12 of each other, 80..140).
        List<float[]> mus = new ArrayList<>();
        List<Double> road = new ArrayList<>();
        float[] x = new float[100 * ConvVae.PIXELS], mu = new float[100 * 32], lv = new float[100 * 32];
        for (EpisodeFile.Episode e : eps) {
            for (int s = 0; s < e.length(); s += 100) {
                int b = Math.min(100, e.length() - s);
                for (int i = 0; i < b; i++) e.frameChw(s + i, x, i * ConvVae.PIXELS);
                vae.encode(b, x, mu, lv);
                for (int i = 0; i < b; i++) {
                    mus.add(java.util.Arrays.copyOfRange(mu, i * 32, i * 32 + 32));
                    road.add(roadShare(e.obs(), s + i));
                }
            }
        }
        int n = mus.size();
        double[] mean = new double[32], var = new double[32];
        for (float[] m : mus) for (int d = 0; d < 32; d++) mean[d] += m[d] / (double) n;
        double[][] cov = new double[32][32];
        for (float[] m : mus) {
            for (int i = 0; i < 32; i++) {
                for (int j = 0; j < 32; j++) cov[i][j] += (m[i] - mean[i]) * (m[j] - mean[j]) / (n - 1.0);
            }
        }
        for (int d = 0; d < 32; d++) var[d] = cov[d][d];

        // Reconstructions of 8 frames spread over the episodes (z = mu).
        List<EpisodeFile.Episode> all = eps;
        HeldOutFrames frames = new HeldOutFrames(all, 400);
        frames.writeGrid(vae, 8, out.resolve("vae-recon.png"));

        // Traversals: the frame nearest the mean, the most-used dims moved over mean +- 2.5 std.
        Integer[] dims = new Integer[32];
        for (int d = 0; d < 32; d++) dims[d] = d;
        java.util.Arrays.sort(dims, (a, b) -> Double.compare(var[b], var[a]));
        float[] base = mus.get(0);
        double best = Double.MAX_VALUE;
        for (float[] m : mus) {
            double dist = 0;
            for (int d = 0; d < 32; d++) dist += (m[d] - mean[d]) * (m[d] - mean[d]) / Math.max(var[d], 1e-6);
            if (dist < best) { best = dist; base = m; }
        }
        float[][] rows = new float[TRAVERSAL_DIMS][];
        StringBuilder legend = new StringBuilder();
        for (int r = 0; r < TRAVERSAL_DIMS; r++) {
            int d = dims[r];
            float[] z = new float[TRAVERSAL_STEPS * 32];
            for (int k = 0; k < TRAVERSAL_STEPS; k++) {
                System.arraycopy(base, 0, z, k * 32, 32);
                z[k * 32 + d] = (float) (mean[d] + (-2.5 + 5.0 * k / (TRAVERSAL_STEPS - 1)) * Math.sqrt(var[d]));
            }
            float[] img = new float[TRAVERSAL_STEPS * ConvVae.PIXELS];
            vae.decode(TRAVERSAL_STEPS, z, img);
            rows[r] = img;
            legend.append(String.format(Locale.ROOT, "row %d: z[%d] (std %.2f)%n", r, d, Math.sqrt(var[d])));
        }
        HeldOutFrames.writeRows(out.resolve("vae-traversals.png"), TRAVERSAL_STEPS, rows);
        System.out.print(legend);
        int active = 0;
        for (double v : var) if (v > 0.05) active++;
        System.out.printf(Locale.ROOT, "%d frames; %d of 32 dims with std of mu over frames > 0.22%n", n, active);

        // PCA: the two leading eigenvectors of the covariance of mu.
        EigenDecomposition ed = new EigenDecomposition(new Array2DRowRealMatrix(cov));
        double[] ev = ed.getRealEigenvalues();
        int[] top = top2(ev);
        double[] p1 = ed.getEigenvector(top[0]).toArray(), p2 = ed.getEigenvector(top[1]).toArray();
        double total = 0;
        for (double v : ev) total += v;
        double[] px = new double[n], py = new double[n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 32; d++) {
                px[i] += (mus.get(i)[d] - mean[d]) * p1[d];
                py[i] += (mus.get(i)[d] - mean[d]) * p2[d];
            }
        }
        scatter(out.resolve("vae-pca.png"), px, py, road, String.format(Locale.ROOT,
                "PCA of mu (%d frames): PC1 %.0f%%, PC2 %.0f%% of the variance; colour = share of road pixels", n, 100 * ev[top[0]] / total, 100 * ev[top[1]] / total));
        System.out.printf(Locale.ROOT, "PC1 %.1f%%, PC2 %.1f%% of the variance of mu%n", 100 * ev[top[0]] / total, 100 * ev[top[1]] / total);
    }

    private static int[] top2(double[] ev) {
        int a = 0, b = -1;
        for (int i = 1; i < ev.length; i++) if (ev[i] > ev[a]) a = i;
        for (int i = 0; i < ev.length; i++) if (i != a && (b < 0 || ev[i] > ev[b])) b = i;
        return new int[] {a, b};
    }

    /** Share of grey road pixels in frame t (64x64x3 channels last). */
    static double roadShare(byte[] obs, int t) {
        int roadPx = 0, base = t * EpisodeFile.FRAME;
        for (int p = 0; p < 64 * 64; p++) {
            int r = obs[base + 3 * p] & 0xff, g = obs[base + 3 * p + 1] & 0xff, b = obs[base + 3 * p + 2] & 0xff;
            if (Math.abs(r - g) < 12 && Math.abs(g - b) < 12 && r >= 80 && r <= 140) roadPx++;
        }
        return roadPx / 4096.0;
    }

    private static void scatter(Path png, double[] x, double[] y, List<Double> c, String title) throws Exception {
        int w = 700, h = 560, m = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE, cMax = 1e-9;
        for (int i = 0; i < x.length; i++) {
            x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
            cMax = Math.max(cMax, c.get(i));
        }
        for (int i = 0; i < x.length; i++) {
            float f = (float) (c.get(i) / cMax);
            g.setColor(new Color(1 - f, 0.25f + 0.5f * (1 - f), f));   // blue = much road, red/orange = grass
            int sx = m + (int) ((x[i] - x0) / (x1 - x0) * (w - 2 * m)), sy = h - m - (int) ((y[i] - y0) / (y1 - y0) * (h - 2 * m));
            g.fillOval(sx - 2, sy - 2, 5, 5);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(m, m, w - 2 * m, h - 2 * m);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, 10, 20);
        g.drawString("PC1", w / 2, h - 15);
        g.drawString("PC2", 10, h / 2);
        g.drawString(String.format(Locale.ROOT, "blue: road share %.0f%%, red: 0%%", 100 * cMax), w - 260, h - 15);
        g.dispose();
        AtomicFiles.write(png, o -> ImageIO.write(img, "png", o));
    }
}
