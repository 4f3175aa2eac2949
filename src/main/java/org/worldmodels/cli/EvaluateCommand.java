// SPDX-License-Identifier: MIT
// `worldmodels evaluate`: a controller (with V and M) on 100 evaluation tracks disjoint from the training
// tracks: mean +- std, a score file, a histogram and GIFs of the best and worst episodes.
package org.worldmodels.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.worldmodels.control.AgentRollouts;
import org.worldmodels.control.Controller;
import org.worldmodels.control.ControllerEvolution;
import org.worldmodels.control.EpisodeSpec;
import org.worldmodels.control.Seeds;
import org.worldmodels.data.MetricsCsv;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.log.Log;
import org.worldmodels.log.Progress;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.report.Gif;
import org.worldmodels.report.Plots;
import org.worldmodels.vision.ConvVae;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a controller (V + M + C) on evaluation tracks never used in training (RUN/eval).")
public final class EvaluateCommand implements Callable<Integer> {
    /** Frames per GIF frame (50 FPS env; GIF viewers clamp delays under 20-30 ms, so every 2nd frame at 40 ms). */
    static final int GIF_STRIDE = 2, GIF_SCALE = 3;

    @Option(names = "--run", defaultValue = "runs/default", description = "Run folder (default: ${DEFAULT-VALUE}).")
    Path run;
    @Option(names = "--controller", description = "C checkpoint (default: RUN/controller/best.npz).")
    Path controller;
    @Option(names = "--random", description = "Evaluate a random controller (PyTorch's default init, seeded by --seed): the baseline.")
    boolean random;
    @Option(names = "--vae", description = "V checkpoint (default: RUN/vae/vae.npz).")
    Path vae;
    @Option(names = "--rnn", description = "M checkpoint (default: RUN/rnn/rnn.npz).")
    Path rnn;
    @Option(names = "--out", description = "Output folder (default: RUN/eval, or RUN/eval-random with --random).")
    Path out;
    @Option(names = "--episodes", defaultValue = "100", description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;
    @Option(names = "--first-seed", defaultValue = "10000000", description = "Track seeds first-seed, first-seed+1, ... (must lie above the training range [0, 1000000); default: ${DEFAULT-VALUE}).")
    long firstSeed;
    @Option(names = "--max-steps", defaultValue = "1000", description = "Episode length cap (default: ${DEFAULT-VALUE}).")
    int maxSteps;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the z noise (and of --random) (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--threads", description = "Rollout worker threads (default: available processors).")
    Integer threads;
    @Option(names = "--envs-per-worker", defaultValue = "16", description = "Environments in lockstep per worker (default: ${DEFAULT-VALUE}).")
    int envsPerWorker;
    @Option(names = "--z-mean", description = "Use z = mu instead of sampling z.")
    boolean zMean;
    @Option(names = "--no-gifs", description = "Skip the best/worst episode GIFs.")
    boolean noGifs;
    @Option(names = "--env", defaultValue = "v0", description = "v0 or v3 (default: ${DEFAULT-VALUE}).")
    String env;
    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (episodes < 1) throw new IllegalArgumentException("--episodes must be at least 1, got " + episodes);
        if (firstSeed < Seeds.TRAIN_TRACKS) {
            throw new IllegalArgumentException("--first-seed " + firstSeed + " overlaps the training tracks [0, " + Seeds.TRAIN_TRACKS
                    + "); evaluation tracks must be new ones");
        }
        if (random && controller != null) throw new IllegalArgumentException("give --controller or --random, not both");
        ConvVae v = AgentFiles.loadVae(vae != null ? vae : run.resolve("vae").resolve("vae.npz"));
        MdnRnn m = AgentFiles.loadRnn(rnn != null ? rnn : run.resolve("rnn").resolve("rnn.npz"));
        Controller c;
        String label;
        if (random) {
            c = new Controller();
            c.initDefault(new SplittableRandom(seed));
            label = "random controller (seed " + seed + ")";
        } else {
            Path file = controller != null ? controller : run.resolve("controller").resolve("best.npz");
            c = AgentFiles.loadController(file);
            label = file.toString();
        }
        Path dir = out != null ? out : run.resolve(random ? "eval-random" : "eval");
        Files.createDirectories(dir);
        AgentRollouts.Options options = new AgentRollouts.Options(threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                envsPerWorker, maxSteps, 1800, !zMean, EnvVersion.parse(env));

        List<EpisodeSpec> specs = new ArrayList<>();
        for (int i = 0; i < episodes; i++) specs.add(new EpisodeSpec(0, firstSeed + i, Seeds.of(seed, Seeds.EVAL, Seeds.NOISE, i)));
        float[] params = c.getParameters();
        AgentRollouts.Result res;
        try (AgentRollouts rollouts = new AgentRollouts(v, m, options);
             Progress bar = Progress.start("evaluate", episodes, "ep", 0)) {
            res = rollouts.run(new float[][] {params}, specs, () -> bar.step(1));
        }
        double[] r = res.rewards();
        double mean = ControllerEvolution.meanOf(r), std = ControllerEvolution.stdOf(r, mean);
        int best = 0, worst = 0;
        for (int i = 1; i < r.length; i++) {
            if (r[i] > r[best]) best = i;
            if (r[i] < r[worst]) worst = i;
        }
        try (MetricsCsv csv = MetricsCsv.open(dir.resolve("scores.csv"), List.of("episode", "seed", "reward", "steps", "failed"), -1)) {
            for (int i = 0; i < r.length; i++) csv.row(i, specs.get(i).trackSeed(), r[i], res.steps()[i], res.failed()[i] ? 1 : 0);
        }
        Plots.histogram(dir.resolve("histogram.png"), String.format(Locale.ROOT, "%s: %.1f +- %.1f over %d tracks", random ? "random C" : "C",
                mean, std, episodes), "total reward", r, Math.max(5, Math.min(20, episodes / 5)));
        System.out.printf(Locale.ROOT, "%s%n  %.1f +- %.1f over %d episodes on evaluation track seeds %d..%d (env %s, z %s)%n"
                        + "  best %.1f (seed %d), worst %.1f (seed %d); failed episodes: %d%n",
                label, mean, std, episodes, firstSeed, firstSeed + episodes - 1, options.version().name().toLowerCase(Locale.ROOT),
                options.sampleZ() ? "sampled" : "= mu", r[best], specs.get(best).trackSeed(), r[worst], specs.get(worst).trackSeed(),
                countTrue(res.failed()));
        if (!noGifs) {
            writeGif(v, m, options, params, specs.get(best), r[best], dir, "best");
            writeGif(v, m, options, params, specs.get(worst), r[worst], dir, "worst");
        }
        Log.info("evaluate: wrote " + dir.resolve("scores.csv") + ", histogram.png" + (noGifs ? "" : ", best-*.gif, worst-*.gif"));
        return 0;
    }

    /** Runs the episode again (deterministic) keeping its frames, and writes them scaled 3x with the reward drawn on. */
    private static void writeGif(ConvVae v, MdnRnn m, AgentRollouts.Options options, float[] params, EpisodeSpec spec,
                                 double reward, Path dir, String which) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<Double> totals = new ArrayList<>();
        double again = AgentRollouts.replay(v, m, options, params, spec, (rgb, step, total) -> {
            if (step % GIF_STRIDE == 0) {
                frames.add(rgb.clone());
                totals.add(total);
            }
        });
        if (again != reward) Log.warn(which + " episode (seed " + spec.trackSeed() + ") replayed to " + again + ", not " + reward);
        // Images are made one at a time while the GIF is written: 1000 frames at 288x288 would be 330 MB at once.
        List<BufferedImage> images = new AbstractList<>() {
            @Override public BufferedImage get(int i) { return labelled(frames.get(i), i * GIF_STRIDE, totals.get(i)); }
            @Override public int size() { return frames.size(); }
        };
        Path file = dir.resolve(String.format(Locale.ROOT, "%s-seed%d-reward%.0f.gif", which, spec.trackSeed(), reward));
        Gif.write(file, images, 20 * GIF_STRIDE);
    }

    private static BufferedImage labelled(byte[] rgb, int step, double total) {
        BufferedImage img = Gif.fromRgb(rgb, 0, 96, 96, GIF_SCALE);
        Graphics2D g = img.createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        String text = String.format(Locale.ROOT, "step %d  reward %.1f", step, total);
        g.setColor(Color.BLACK);
        g.drawString(text, 7, 17);
        g.setColor(Color.WHITE);
        g.drawString(text, 6, 16);
        g.dispose();
        return img;
    }

    private static int countTrue(boolean[] b) {
        int n = 0;
        for (boolean x : b) if (x) n++;
        return n;
    }
}
