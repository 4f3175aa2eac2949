// SPDX-License-Identifier: MIT
// `worldmodels dream`: from a real episode's first frame, M dreams forward at temperature tau (with the
// episode's actions or a controller's), V decodes each z, and GIFs show real | dream and several taus.
package org.worldmodels.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.worldmodels.control.Controller;
import org.worldmodels.data.Checkpoint;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.SeriesFile;
import org.worldmodels.log.Log;
import org.worldmodels.memory.Dreamer;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.report.Gif;
import org.worldmodels.report.Plots;
import org.worldmodels.vision.ConvVae;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dream", mixinStandardHelpOptions = true,
        header = "Rolls M forward from a real frame and writes the dream as animated GIFs.",
        description = {"Writes to RUN/dreams/:",
            "  <episode>_tau<TAU>.gif    the real episode | the dream",
            "  <episode>_taus.gif        the real episode | a dream at each of --taus",
            "  <episode>_latent<D>.png   with --series: latent dim D, real vs dreams"})
public final class DreamCommand implements Callable<Integer> {
    private static final int DECODE_BATCH = 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", defaultValue = "runs/default", paramLabel = "DIR", description = "run folder (default: ${DEFAULT-VALUE})")
    Path run;
    @Option(names = "--vae", paramLabel = "FILE", description = "V's checkpoint (default: RUN/vae/vae.npz)")
    Path vaeFile;
    @Option(names = "--rnn", paramLabel = "FILE", description = "M's checkpoint (default: RUN/rnn/rnn.npz)")
    Path rnnFile;
    @Option(names = "--episode", paramLabel = "FILE", description = "a rollout with real frames (default: RUN/rollouts/ep_000000.npz)")
    Path episodeFile;
    @Option(names = "--series", paramLabel = "FILE", description = "start from this series' mu of frame 0 instead of encoding the episode's first frame with V")
    Path seriesFile;
    @Option(names = "--plot-dim", defaultValue = "0", paramLabel = "D", description = "with --series: plot latent dim D, real vs dreamed at each tau (default: ${DEFAULT-VALUE})")
    int plotDim;
    @Option(names = "--controller", paramLabel = "FILE", description = "take actions from this controller (fc.weight, fc.bias) instead of the episode's")
    Path controllerFile;
    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: RUN/dreams)")
    Path outDir;
    @Option(names = "--steps", defaultValue = "300", paramLabel = "N", description = "dream steps, at most the episode's length - 1 (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--tau", defaultValue = "1.0", description = "temperature of the real | dream GIF (default: ${DEFAULT-VALUE})")
    double tau;
    @Option(names = "--taus", defaultValue = "0.5,1.0,1.15,1.5", split = ",", description = "temperatures side by side (default: ${DEFAULT-VALUE})")
    double[] taus;
    @Option(names = "--scale", defaultValue = "3", description = "pixel scale of the GIFs (default: ${DEFAULT-VALUE})")
    int scale;
    @Option(names = "--delay-ms", defaultValue = "50", description = "time per GIF frame (default: ${DEFAULT-VALUE})")
    int delayMs;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the dream's samples (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path vaePath = vaeFile != null ? vaeFile : run.resolve("vae").resolve("vae.npz");
        Path rnnPath = rnnFile != null ? rnnFile : run.resolve("rnn").resolve("rnn.npz");
        Path epPath = episodeFile != null ? episodeFile : run.resolve("rollouts").resolve("ep_000000.npz");
        Path out = outDir != null ? outDir : run.resolve("dreams");
        if (!(tau > 0)) throw new CommandLine.ParameterException(spec.commandLine(), "--tau must be > 0, got " + tau);
        for (double t : taus) if (!(t > 0)) throw new CommandLine.ParameterException(spec.commandLine(), "--taus must all be > 0, got " + t);
        if (scale < 1 || scale > 16) throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be in 1..16, got " + scale);
        if (steps < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be >= 1, got " + steps);

        requireFile(vaePath, "V's checkpoint", "worldmodels train-vae");
        requireFile(rnnPath, "M's checkpoint", "worldmodels train-rnn");
        requireFile(epPath, "episode", "worldmodels generate");
        if (controllerFile != null) requireFile(controllerFile, "controller", "worldmodels train-controller");
        ConvVae vae = new ConvVae(DECODE_BATCH);
        Checkpoint.load(vaePath, vae.params);
        MdnRnn rnn = new MdnRnn();
        Checkpoint.load(rnnPath, rnn.params);
        EpisodeFile.Episode ep = EpisodeFile.read(epPath);
        if (ep.length() < 2) throw new IllegalArgumentException("episode " + epPath + " has " + ep.length() + " frame(s); a dream needs at least 2");
        int n = Math.min(steps, ep.length() - 1);
        Dreamer.Policy policy = policy(ep);

        // The dream starts from the real first frame's code: z_0 = mu of V's encoder (no sampling), or the series' mu_0.
        float[] z0 = new float[ConvVae.Z];
        SeriesFile.Series series = null;
        if (seriesFile != null) {
            requireFile(seriesFile, "series", "worldmodels encode");
            series = SeriesFile.read(seriesFile);
            if (plotDim < 0 || plotDim >= ConvVae.Z) throw new CommandLine.ParameterException(spec.commandLine(), "--plot-dim must be in 0..31, got " + plotDim);
            System.arraycopy(series.mu(), 0, z0, 0, ConvVae.Z);
        } else {
            float[] x0 = new float[ConvVae.PIXELS], logVar0 = new float[ConvVae.Z];
            ep.frameChw(0, x0, 0);
            vae.encode(1, x0, z0, logVar0);
        }

        List<BufferedImage> real = new ArrayList<>();
        for (int t = 0; t <= n; t++) real.add(Gif.fromRgb(ep.obs(), t * EpisodeFile.FRAME, EpisodeFile.SIZE, EpisodeFile.SIZE, scale));
        String stem = ep.name().endsWith(".npz") ? ep.name().substring(0, ep.name().length() - 4) : ep.name();

        List<BufferedImage> main = frames(vae, Dreamer.roll(rnn, z0, n, tau, policy, new SplittableRandom(seed)), n);
        List<BufferedImage> pair = new ArrayList<>();
        for (int t = 0; t <= n; t++) pair.add(Gif.sideBySide(2 * scale, real.get(t), main.get(t)));
        Path pairFile = out.resolve(String.format(Locale.ROOT, "%s_tau%.2f.gif", stem, tau));
        Gif.write(pairFile, pair, delayMs);

        List<List<BufferedImage>> columns = new ArrayList<>();
        columns.add(real);
        Map<String, double[]> traces = new LinkedHashMap<>();
        double[] steps = new double[n + 1];
        if (series != null) {
            double[] r = new double[n + 1];
            for (int t = 0; t <= n; t++) { steps[t] = t; r[t] = t < series.length() ? series.mu()[t * ConvVae.Z + plotDim] : Double.NaN; }
            traces.put("real mu", r);
        }
        for (double t : taus) {
            float[] zs = Dreamer.roll(rnn, z0, n, t, policy, new SplittableRandom(seed));
            columns.add(frames(vae, zs, n));
            double[] d = new double[n + 1];
            for (int k = 0; k <= n; k++) d[k] = zs[k * ConvVae.Z + plotDim];
            traces.put(String.format(Locale.ROOT, "dream, tau %.2f", t), d);
        }
        if (series != null && series.length() > n) {
            Plots.lines(out.resolve(stem + "_latent" + plotDim + ".png"), "Latent dim " + plotDim + ": real episode vs dreams from its first frame",
                    "step", "z[" + plotDim + "]", steps, traces, false);
        }
        List<BufferedImage> grid = new ArrayList<>();
        for (int t = 0; t <= n; t++) {
            BufferedImage[] row = new BufferedImage[columns.size()];
            for (int k = 0; k < row.length; k++) row[k] = columns.get(k).get(t);
            grid.add(Gif.sideBySide(2 * scale, row));
        }
        Path tausFile = out.resolve(stem + "_taus.gif");
        Gif.write(tausFile, grid, delayMs);
        Log.info(String.format(Locale.ROOT, "dreamed %d steps from %s (%s actions) -> %s, %s", n, epPath,
                controllerFile != null ? "controller" : "recorded", pairFile, tausFile));
        return 0;
    }

    private static void requireFile(Path file, String what, String producer) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " not found (written by `" + producer + "`; or give its path)");
        }
    }

    /** The episode's recorded actions, or a controller's a = C(z, h) mapped to the environment's ranges. */
    private Dreamer.Policy policy(EpisodeFile.Episode ep) throws java.io.IOException {
        if (controllerFile == null) return (t, z, h, a) -> System.arraycopy(ep.action(), t * 3, a, 0, 3);
        Controller c = new Controller();
        Checkpoint.load(controllerFile, c.params);
        float[] raw = new float[Controller.A];
        return (t, z, h, a) -> {
            c.act(1, z, h, raw);
            Controller.toEnvAction(1, raw, a);
        };
    }

    /** Decodes z (n+1, 32) with V, DECODE_BATCH frames at a time, into scaled images. */
    private List<BufferedImage> frames(ConvVae vae, float[] zs, int n) {
        List<BufferedImage> images = new ArrayList<>();
        float[] x = new float[DECODE_BATCH * ConvVae.PIXELS], z = new float[DECODE_BATCH * ConvVae.Z];
        byte[] rgb = new byte[EpisodeFile.FRAME];
        int plane = ConvVae.SIZE * ConvVae.SIZE;
        for (int from = 0; from <= n; from += DECODE_BATCH) {
            int b = Math.min(DECODE_BATCH, n + 1 - from);
            System.arraycopy(zs, from * ConvVae.Z, z, 0, b * ConvVae.Z);
            vae.decode(b, z, x);
            for (int i = 0; i < b; i++) {
                // (3,64,64) floats in [0, 1] -> (64,64,3) bytes
                for (int p = 0; p < plane; p++) {
                    for (int ch = 0; ch < 3; ch++) rgb[p * 3 + ch] = (byte) Math.round(255 * x[i * ConvVae.PIXELS + ch * plane + p]);
                }
                images.add(Gif.fromRgb(rgb, 0, ConvVae.SIZE, ConvVae.SIZE, scale));
            }
        }
        return images;
    }
}
